// The app's HTTP server (`npm start`, `npm run dev`, the e2e suite): Next.js for pages, actions and route
// handlers, with public media and feeds answered directly first (lib/media/serve-public-media.ts says why), and the
// import worker as a supervised child process with its own database connection (docs/operations.md).
import { register } from "node:module";

register("./scripts/server-only-hook.mjs", import.meta.url);

const { spawn } = await import("node:child_process");
const { createServer } = await import("node:http");
const { default: next } = await import("next");
const { env } = await import("./lib/env.js");
const { servePublicMedia } = await import("./lib/media/serve-public-media");
const { serveFeedDirectly } = await import("./lib/feed/serve-feed-directly");

const isDev = process.argv.includes("--dev");
const port = Number(process.env.PORT || new URL(env.appUrl).port || 3000);
const app = next({ dev: isDev, dir: import.meta.dirname, port });
const handle = app.getRequestHandler();
await app.prepare();

let isStopping = false;
let worker: import("node:child_process").ChildProcess | null = null;

/** Runs scripts/run-import-worker.ts, and again after a crash: a killed run's job is resumed after its lease. */
function startWorker() {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/run-import-worker.ts"], {
    stdio: "inherit",
    env: { ...process.env, WORKER_IDLE_MS: process.env.WORKER_IDLE_MS ?? "500" },
  });
  worker = child;
  let isRestarting = false;
  const restart = (why: string) => {
    if (isStopping || isRestarting) return;
    isRestarting = true;
    console.warn(`Import worker ${why}; restarting in 1 s.`);
    setTimeout(startWorker, 1_000).unref();
  };
  child.on("error", (error) => restart(`could not run (${error.message})`));
  child.on("exit", (code, signal) => restart(`exited (${signal ?? `code ${code}`})`));
}
if (env.isImportWorkerEnabled) startWorker();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    isStopping = true;
    worker?.kill("SIGTERM");
    process.exit(0);
  });
}

createServer((request, response) => {
  servePublicMedia(request, response)
    .then(async (isHandled) => isHandled || (await serveFeedDirectly(request, response)))
    .then((isHandled) => (isHandled ? undefined : handle(request, response)))
    .catch((error: unknown) => {
      console.error("Request failed:", error);
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ error: "INTERNAL", message: "Something went wrong on our side." }));
    });
}).listen(port, () => {
  console.log(`Podhaven ${isDev ? "(development)" : ""} listening on ${env.appUrl} (port ${port})`);
});
