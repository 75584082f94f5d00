import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIST_DIR } from "./bench-paths";

const SOURCES = ["app", "lib", "components", "public", "next.config.js", "server.ts", "package-lock.json", "postcss.config.js"];
// `next build` rewrites these for its distDir; they belong to the tests' `.next`, so they are put back.
const RESTORED = ["next-env.d.ts", "tsconfig.json"];

/**
 * Builds the app into `.next-bench` once and reuses it while no source is newer than the build.
 * `rebuild` forces a build; `reuse` takes whatever build is there (for repeated runs while editing).
 */
export function ensureBenchBuild(options: { rebuild?: boolean; reuse?: boolean } = {}): void {
  const buildId = path.join(BENCH_DIST_DIR, "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > 0 && options.reuse) return;
  if (builtAt > 0 && !options.rebuild && newestSourceMtime() < builtAt) return;

  console.log(`Building the app into ${BENCH_DIST_DIR} (next build)…`);
  const saved = RESTORED.map((file) => [file, existsSync(file) ? readFileSync(file, "utf8") : null] as const);
  const started = Date.now();
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const [file, content] of saved) {
    // A fresh clone has no next-env.d.ts (only a build writes it), and a build may not write it either.
    const now = existsSync(file) ? readFileSync(file, "utf8") : null;
    if (content !== null && now !== null && now !== content && now.includes(BENCH_DIST_DIR) && !content.includes(BENCH_DIST_DIR)) writeFileSync(file, content);
  }
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}\n${result.stderr}`.slice(-6000));
    throw new Error("next build failed");
  }
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    const info = statSync(entry);
    if (info.isDirectory()) {
      for (const name of readdirSync(entry)) if (!name.startsWith(".")) visit(path.join(entry, name));
    } else if (!/\.(test|integration\.test)\.tsx?$/.test(entry)) {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  SOURCES.forEach(visit);
  return newest;
}
