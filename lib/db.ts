import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env.js";
import { PrismaClient } from "@/lib/generated/prisma/client";

function createClient() {
  if (!env.databaseUrl) {
    throw new Error("DATABASE_URL is not set: start the app with its scripts (npm run dev, npm start, npm run worker), which start the embedded Postgres and set it.");
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl, max: env.databasePoolSize }) });
}

// One client per process (Next's dev server re-evaluates modules on every change), created at first use: `next
// build` loads route modules without a database.
const globalForDb = globalThis as unknown as { podhavenDb?: PrismaClient };
function getClient(): PrismaClient {
  globalForDb.podhavenDb ??= createClient();
  return globalForDb.podhavenDb;
}

export const db = new Proxy({} as PrismaClient, {
  get(_, property) {
    const client = getClient();
    const value: unknown = Reflect.get(client, property);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});
