// Applies prisma/migrations/*.sql (written by `prisma migrate diff`, scripts/new-migration.sh) with node-pg-migrate,
// which records them in the `pgmigrations` table and holds an advisory lock while it runs (the others wait), so
// any number of processes may start at once. Then creates the job engine's schema and queues. `prisma migrate deploy` is not
// used: through the pg driver adapter it fails on Postgres's `name` type (docs/operations.md).
import path from "node:path";
import { runner } from "node-pg-migrate";
import { createJobEngineSchema } from "@/lib/jobs/job-engine";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: "pgmigrations",
    direction: "up",
    count: Infinity,
    checkOrder: true,
    // Many processes may start at once: the others wait for the one applying, then find nothing to do.
    advisoryLockMode: "wait",
    log: () => {},
    logger: { debug: () => {}, info: () => {}, warn: console.warn, error: console.error },
  });
  await createJobEngineSchema(databaseUrl);
  return applied.map((migration) => migration.name);
}
