import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { env } from "@/lib/env.js";
import { PrismaClient } from "@/lib/generated/prisma/client";

function createClient() {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: env.databaseUrl }) });
}

// One client per process: Next's dev server re-evaluates modules on every change.
const globalForDb = globalThis as unknown as { podhavenDb?: PrismaClient };
export const db = globalForDb.podhavenDb ?? createClient();
if (env.nodeEnv !== "production") globalForDb.podhavenDb = db;
