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

// One client per process: Next's dev server re-evaluates modules on every change.
const globalForDb = globalThis as unknown as { podhavenDb?: PrismaClient };
export const db = globalForDb.podhavenDb ?? createClient();
if (env.nodeEnv !== "production") globalForDb.podhavenDb = db;
