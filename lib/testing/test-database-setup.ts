// Vitest's globalSetup: one Postgres for the whole run, and a migrated template database that every test file
// copies into a database of its own (lib/testing/create-test-database.ts), so files stay independent.
// DATABASE_URL set: that server is used (any Postgres 15+; the role needs CREATEDB). Unset: an embedded
// Postgres in a temporary folder, without fsync (test data is thrown away).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/lib/database/migrate-database";
import { startEmbeddedPostgres } from "@/lib/database/start-embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServerUrl: string;
    testDatabaseTemplate: string;
    testDatabasePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  const dir = external ? null : mkdtempSync(path.join(tmpdir(), "podhaven-test-pg-"));
  const server = dir
    ? await startEmbeddedPostgres(dir, { extraFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] })
    : null;
  const serverUrl = server ? server.adminUrl : external!;
  // One template per role: on a shared server, another role's template is not ours to drop.
  const template = `podhaven_test_template_${decodeURIComponent(new URL(serverUrl).username).replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await migrateDatabase(databaseUrl(serverUrl, template));
  project.provide("testDatabaseServerUrl", serverUrl);
  project.provide("testDatabaseTemplate", template);
  // Each test file's database is named after this run, so that the run removes its own when it ends.
  const prefix = `podhaven_test_${Date.now().toString(36)}_`;
  project.provide("testDatabasePrefix", prefix);
  return async () => {
    if (!server) await dropDatabasesOfThisRun(serverUrl, prefix);
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropDatabasesOfThisRun(serverUrl: string, prefix: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
