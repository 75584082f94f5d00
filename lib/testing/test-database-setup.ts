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

export const TEMPLATE_DATABASE = "podhaven_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  const dir = external ? null : mkdtempSync(path.join(tmpdir(), "podhaven-test-pg-"));
  const server = dir
    ? await startEmbeddedPostgres(dir, { extraFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] })
    : null;
  const serverUrl = server ? server.adminUrl : external!;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrateDatabase(databaseUrl(serverUrl, TEMPLATE_DATABASE));
  project.provide("testDatabaseServerUrl", serverUrl);
  return async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
