// `npm run dev`: prepares the database, starts the Auphonic sandbox and the app, prints both URLs.
// `npm run start:all` does the same with a production build (`next build`, then server.ts without --dev).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { env } from "../lib/env.js";

const isProduction = process.argv.includes("--production");
const appPort = new URL(env.appUrl).port || "3000";
const sandboxPort = new URL(env.auphonicBaseUrl).port || "4010";

function runOrExit(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

runOrExit("npx", ["tsx", "scripts/prepare-db.ts"]);
if (isProduction) runOrExit("npx", ["next", "build"]);

const serverArgs = ["tsx", "server.ts", ...(isProduction ? [] : ["--dev"])];
const children: ChildProcess[] = [spawn("npx", serverArgs, { stdio: "inherit", env: { ...process.env, PORT: appPort } })];
if (env.isAuphonicSandbox) {
  const sandboxEnv = { ...process.env, SANDBOX_PORT: sandboxPort };
  children.push(spawn("npx", ["tsx", "sandbox/server.ts"], { stdio: "inherit", env: sandboxEnv }));
}

console.log(`
  Podhaven          ${env.appUrl}
  Auphonic sandbox  ${env.isAuphonicSandbox ? env.auphonicBaseUrl : `(not used: AUPHONIC_BASE_URL=${env.auphonicBaseUrl})`}
  Sandbox control   ${env.isAuphonicSandbox ? `${env.auphonicBaseUrl}/control` : "-"}
`);

function stopAll(code: number) {
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
for (const child of children) child.on("exit", (code) => stopAll(code ?? 1));
