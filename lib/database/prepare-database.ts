// What every entry point runs first (npm run dev, npm start, npm run worker, npm run db:migrate, the tests' setup,
// the benchmarks): DATABASE_URL when it is set, else the embedded Postgres; migrated either way.
import { env } from "@/lib/env.js";
import { migrateDatabase } from "./migrate-database";
import { startEmbeddedPostgres } from "./start-embedded-postgres";

export type PreparedDatabase = { url: string; isEmbedded: boolean; stop: () => Promise<void> };

export async function prepareDatabase({ fresh = false } = {}): Promise<PreparedDatabase> {
  if (env.databaseUrl) {
    await migrateDatabase(env.databaseUrl);
    return { url: env.databaseUrl, isEmbedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(env.embeddedPostgresDir, { fresh });
  try {
    await migrateDatabase(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const where = server.isOwner ? "started" : "already running";
  console.log(`Embedded Postgres ${where}: ${redactPassword(server.url)} (data in ${env.embeddedPostgresDir})`);
  return { url: server.url, isEmbedded: true, stop: server.stop };
}

export function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
