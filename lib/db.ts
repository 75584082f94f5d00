import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { getPool } from "@/lib/database/sql";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One client per process (Next's dev server re-evaluates modules on every change), on the process's one pool
// (lib/database/sql.ts), created at first use: `next build` loads route modules without a database.
const globalForDb = globalThis as unknown as { podhavenDb?: PrismaClient };
function getClient(): PrismaClient {
  globalForDb.podhavenDb ??= new PrismaClient({ adapter: new PrismaPg(getPool()) });
  return globalForDb.podhavenDb;
}

export const db = new Proxy({} as PrismaClient, {
  get(_, property) {
    const client = getClient();
    const value: unknown = Reflect.get(client, property);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});
