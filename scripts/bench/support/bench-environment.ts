import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR, BENCH_DIST_DIR } from "./bench-paths";

export type BenchEnvironment = { dir: string; mediaDir: string; appUrl: string; env: NodeJS.ProcessEnv };

/**
 * A fresh database and media folder under data/bench/<name>, and the environment the app and this process
 * use for them. Sets process.env too: lib/env.js reads it once, when the bench first imports lib/ (so
 * benches import lib/ only dynamically, after this).
 */
export function prepareBenchEnvironment(name: string, appPort: number, settings: Record<string, string> = {}): BenchEnvironment {
  const dir = path.join(BENCH_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  const mediaDir = path.join(dir, "media");
  mkdirSync(mediaDir, { recursive: true });
  const appUrl = `http://localhost:${appPort}`;
  const variables = {
    DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
    MEDIA_DIR: mediaDir,
    APP_URL: appUrl,
    IMPORT_WORKER: "off",
    NEXT_DIST_DIR: BENCH_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    ...settings,
  };
  Object.assign(process.env, variables);
  const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/prepare-db.ts", "--fresh"], {
    env: process.env,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`prepare-db failed:\n${result.stdout}${result.stderr}`);
  return { dir, mediaDir, appUrl, env: { ...process.env } };
}
