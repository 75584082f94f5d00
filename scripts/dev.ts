// `npm run dev`: prepares the database (the embedded Postgres unless DATABASE_URL is set), starts the Auphonic
// sandbox and the app, prints the URLs once the app answers. `npm run start:all` does the same with a production
// build (`next build`, then server.ts without --dev). The sandbox starts only when AUPHONIC_BASE_URL is its
// own local address.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { prepareDatabase, redactPassword } from "../lib/database/prepare-database";
import { env } from "../lib/env.js";

const isProduction = process.argv.includes("--production");
const appPort = new URL(env.appUrl).port || "3000";
const sandboxPort = new URL(env.auphonicBaseUrl).port || "4010";

const database = await prepareDatabase();
const children: ChildProcess[] = [];
if (isProduction) {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (build.status !== 0) await stopAll(build.status ?? 1);
}

// The local sandbox is on loopback, which the import refuses to fetch from unless told (lib/http/public-fetch.ts).
const childEnv = { ...process.env, DATABASE_URL: database.url, ...(env.isAuphonicSandbox && !process.env.ALLOW_LOCAL_FETCH ? { ALLOW_LOCAL_FETCH: "1" } : {}) };
// Node itself, not npx or tsx's command: both stand between this process and the app, and tsx's kills it
// (SIGKILL) when it does not acknowledge a signal within 60 ms, which a busy server does not.
const serverArgs = ["--import", "tsx", "server.ts", ...(isProduction ? [] : ["--dev"])];
children.push(spawn(process.execPath, serverArgs, { stdio: "inherit", env: { ...childEnv, PORT: appPort } }));
if (env.isAuphonicSandbox) {
  children.push(spawn(process.execPath, ["--import", "tsx", "sandbox/server.ts"], { stdio: "inherit", env: { ...childEnv, SANDBOX_PORT: sandboxPort } }));
}

// "Ready" means the first page answered: in development Next compiles it on that first request (it can take a
// minute on a small machine), so the health check alone, answered before any compiling, would say it too early.
async function printWhenReady() {
  const started = Date.now();
  console.log(`\n  Podhaven is starting at ${env.appUrl}${isProduction ? "" : " (the first page is compiled on first use: this can take a minute)"}…\n`);
  for (let attempt = 0; attempt < 600; attempt++) {
    const health = await fetch(`${env.appUrl}/api/health`).catch(() => null);
    const page = health?.ok ? await fetch(`${env.appUrl}/`, { redirect: "manual" }).catch(() => null) : null;
    if (page && page.status < 500) {
      console.log(`
  Podhaven          ${env.appUrl}   (ready: the first page answered after ${Math.round((Date.now() - started) / 1000)} s)
  Auphonic sandbox  ${env.isAuphonicSandbox ? env.auphonicBaseUrl : `(not started: AUPHONIC_BASE_URL=${env.auphonicBaseUrl})`}
  Sandbox control   ${env.isAuphonicSandbox ? `${env.auphonicBaseUrl}/control` : "-"}
  Database          ${redactPassword(database.url)}${database.isEmbedded ? " (embedded)" : ""}
`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
void printWhenReady();

let isStopping = false;
async function stopAll(code: number) {
  if (isStopping) return;
  isStopping = true;
  await Promise.all(
    children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM"))))),
  );
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
for (const child of children) child.on("exit", (code) => void stopAll(code ?? 1));
