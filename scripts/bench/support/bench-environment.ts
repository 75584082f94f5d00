import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "@/lib/database/migrate-database";
import { startEmbeddedPostgres } from "@/lib/database/start-embedded-postgres";
import { BENCH_DIR, BENCH_DIST_DIR } from "./bench-paths";

// DATABASE_URL as the bench was started with: prepareBenchEnvironment sets process.env.DATABASE_URL itself.
const EXTERNAL_DATABASE_URL = process.env.DATABASE_URL;

export type BenchEnvironment = { dir: string; mediaDir: string; appUrl: string; databaseUrl: string; env: NodeJS.ProcessEnv; stop: () => Promise<void> };

/**
 * A fresh database (`bench_<name>`, on DATABASE_URL's server when set, else on an embedded Postgres under
 * data/bench/postgres) and media folder under data/bench/<name>, and the environment the app and this process
 * use for them. Sets process.env too: lib/env.js reads it once, when the bench first imports lib/ (so benches
 * import lib/ only dynamically, after this).
 */
export async function prepareBenchEnvironment(name: string, appPort: number, settings: Record<string, string> = {}): Promise<BenchEnvironment> {
  const dir = path.join(BENCH_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  const mediaDir = path.join(dir, "media");
  mkdirSync(mediaDir, { recursive: true });
  const server = EXTERNAL_DATABASE_URL
    ? { adminUrl: EXTERNAL_DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres(path.join(BENCH_DIR, "postgres"));
  const database = `bench_${name.replace(/[^a-z0-9_]/g, "_")}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  await migrateDatabase(databaseUrl);
  const appUrl = `http://localhost:${appPort}`;
  const variables = {
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: mediaDir,
    APP_URL: appUrl,
    IMPORT_WORKER: "off",
    ALLOW_LOCAL_FETCH: "1",
    NEXT_DIST_DIR: BENCH_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    ...settings,
  };
  Object.assign(process.env, variables);
  return { dir, mediaDir, appUrl, databaseUrl, env: { ...process.env }, stop: server.stop };
}
