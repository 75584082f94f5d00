// Unit tests only: points DATABASE_URL at a fresh SQLite file with every migration applied. Call before
// importing anything that imports lib/env.js or lib/db.ts (use dynamic imports in the test).
import Database from "better-sqlite3";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function createTestDatabase(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "podhaven-test-")), "test.db");
  const sqlite = new Database(file);
  const migrations = path.resolve("prisma/migrations");
  for (const name of readdirSync(migrations).filter((entry) => /^\d+_/.test(entry)).sort()) {
    sqlite.exec(readFileSync(path.join(migrations, name, "migration.sql"), "utf8"));
  }
  sqlite.close();
  process.env.DATABASE_URL = `file:${file}`;
  return file;
}
