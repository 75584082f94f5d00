// Creates the data folder and applies Prisma migrations to DATABASE_URL (default: ./data/podhaven.db).
// `--fresh` deletes the database first (used by the e2e suite).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { env } from "../lib/env.js";

const file = env.databaseUrl.slice("file:".length);
if (process.argv.includes("--fresh")) {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}
mkdirSync(path.dirname(file), { recursive: true });
mkdirSync(env.mediaDir, { recursive: true });

const result = spawnSync("npx", ["prisma", "migrate", "deploy"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
if (result.status !== 0) {
  process.stderr.write(result.stdout + result.stderr);
  process.exit(result.status ?? 1);
}
console.log(`Database ready: ${file}`);
