import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env.js";
import type { Prisma } from "@/lib/generated/prisma/client";

// The process's one Postgres pool, shared by Prisma (lib/db.ts) and by the few hot paths that run plain SQL
// (a delivery, a job's state change): there, Prisma's per-query work costs more than the statements themselves
// (npm run bench:webhook, docs/benchmarks.md). Created at first use: `next build` loads modules without a database.

/** Something that runs a parameterised statement: the pool, a transaction's client, or a Prisma transaction. */
export type Sql = { query: <T = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]> };

const globalForPool = globalThis as unknown as { podhavenPool?: pg.Pool };

export function getPool(): pg.Pool {
  if (!env.databaseUrl) {
    throw new Error("DATABASE_URL is not set: start the app with its scripts (npm run dev, npm start, npm run worker), which start the embedded Postgres and set it.");
  }
  if (!globalForPool.podhavenPool) {
    const pool = new pg.Pool({ connectionString: env.databaseUrl, max: env.databasePoolSize });
    // An idle connection the server closed (a restart, a failover) is dropped and replaced, not a crash.
    pool.on("error", (error) => console.warn("Database connection lost:", error.message));
    // The pool listens for errors only on idle connections: one lost while checked out between two queries (a
    // transaction doing other work) would emit an error nobody handles, and end the process. Its next query
    // fails instead, which its caller handles.
    pool.on("connect", (client) => client.on("error", (error) => console.warn("Database connection lost while in use:", error.message)));
    globalForPool.podhavenPool = pool;
  }
  return globalForPool.podhavenPool;
}

// Named (prepared) statements: each connection parses and plans a statement once, then only binds values. The
// statements here (the delivery's, the job engine's) are long CTEs whose planning costs more than running them.
const statementNames = new Map<string, string>();
function prepared(text: string, values: unknown[] | undefined): pg.QueryConfig {
  if (!env.isUsingPreparedStatements) return { text, values };
  let name = statementNames.get(text);
  if (!name) {
    name = `ph_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

export const sql: Sql = { query: async (text, values) => (await getPool().query(prepared(text, values))).rows };

export function sqlOfPrisma(tx: Prisma.TransactionClient): Sql {
  return { query: (text, values = []) => tx.$queryRawUnsafe(text, ...values) };
}

/** Runs `work` in one transaction on one pooled connection; rolls back when it throws. */
export async function withTransaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work({ query: async (text, values) => (await client.query(prepared(text, values))).rows });
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
