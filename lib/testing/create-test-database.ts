// Integration tests: points DATABASE_URL at a fresh database of this test file's own, copied from the migrated
// template (lib/testing/test-database-setup.ts). Call before importing anything that imports lib/env.js or
// lib/db.ts (use dynamic imports in the test).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { databaseUrl } from "./test-database-setup";

export async function createTestDatabase(): Promise<string> {
  const serverUrl = inject("testDatabaseServerUrl");
  const name = `${inject("testDatabasePrefix")}${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("testDatabaseTemplate")}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(serverUrl, name);
  process.env.DATABASE_URL = url;
  return url;
}
