// The web process (`npm start`, `npm run dev`, the e2e suite): Next.js for pages, actions and route handlers, with
// Auphonic's webhook, public media, feeds and GET /api/health answered directly first (lib/media/serve-public-media.ts
// and lib/webhooks/serve-webhook-directly.ts say why), and,
// with IMPORT_WORKER=on, an import worker in the same process. Any number of these run against one Postgres.
// Started through scripts/with-database.ts, which provides DATABASE_URL (docs/operations.md).
import { register } from "node:module";

register("./scripts/server-only-hook.mjs", import.meta.url);

const isDev = process.argv.includes("--dev");
// Before lib/env.js is read: its production rules (no sandbox secret with the real Auphonic) apply at start.
if (!isDev) Object.assign(process.env, { NODE_ENV: "production" });

const { default: cluster } = await import("node:cluster");
const { env } = await import("./lib/env.js");

// WEB_PROCESSES > 1: this process only supervises that many copies of itself (lib/processes/supervise-web-processes.ts).
if (cluster.isPrimary && env.webProcesses > 1 && !isDev) {
  const { superviseWebProcesses } = await import("./lib/processes/supervise-web-processes");
  process.exit(await superviseWebProcesses({ count: env.webProcesses, watchdogMs: env.webProcessWatchdogMs }));
}
if (cluster.isWorker) (await import("./lib/processes/send-heartbeats")).sendHeartbeats();
if (env.isBlockOnSigusr2Enabled) {
  process.on("SIGUSR2", () => {
    console.log(`Podhaven ${process.pid}: SIGUSR2 with TEST_BLOCK_ON_SIGUSR2=1, blocking the event loop for good.`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
}

const { createServer } = await import("node:http");
const { default: next } = await import("next");

const port = Number(process.env.PORT || new URL(env.appUrl).port || 3000);
const app = next({ dev: isDev, dir: import.meta.dirname, port });
const handle = app.getRequestHandler();
await app.prepare();
// The app's modules load after Next is prepared: in production, `next/server` (lib/errors.ts) needs the
// AsyncLocalStorage that prepare() installs, and some of them (the import worker's graph) reach it.
const { servePublicMedia } = await import("./lib/media/serve-public-media");
const { serveFeedDirectly } = await import("./lib/feed/serve-feed-directly");
const { redirectOldShowAddress } = await import("./lib/shows/find-current-slug");
const { serveWebhookDirectly } = await import("./lib/webhooks/serve-webhook-directly");
const { checkHealth } = await import("./lib/health/check-health");
const { unknownWebhookPaths } = await import("./lib/webhooks/limit-refusals");
const { startImportWorker } = await import("./lib/jobs/import-worker");
const { warmUpJobEngine, stopJobEngineForProcess } = await import("./lib/jobs/import-queue");
const { db } = await import("./lib/db");
const { getPool } = await import("./lib/database/sql");
const { getStorage } = await import("./lib/storage/media-storage");
const { isFramablePath, securityHeaders } = await import("./lib/http/security-headers");
const { flushDownloadEvents } = await import("./lib/analytics/record-download-event");
const { refuseOversizedUpload } = await import("./lib/http/refuse-oversized-upload");
const { limitRequestTime } = await import("./lib/http/limit-request-time");
// 2 minutes for a request's body (an 11 MB cover on a slow line); an audio upload gets the ingestion core's deadline
// and a minute more, for the upload's answer after its copy.
const REQUEST_TIME_LIMITS = { requestMs: 120_000, uploadMs: env.fetchDeadlineMs + 60_000 };

await (await getStorage()).check();
await warmUpJobEngine();
// Started once the port is ours (below): a start that cannot listen takes no job.
let worker: ReturnType<typeof startImportWorker> | null = null;

async function serveHealth(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) {
  if (request.url !== "/api/health" || (request.method !== "GET" && request.method !== "HEAD")) return false;
  const health = await checkHealth({ isWorkerRunning: worker !== null });
  const body = JSON.stringify({ ...health, stopping: isStopping, unknownWebhookPaths: unknownWebhookPaths.count });
  response.writeHead(health.ok && !isStopping ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  response.end(request.method === "HEAD" ? undefined : body);
  return true;
}

const headersForEveryAnswer = Object.entries(securityHeaders(env.appUrl));
// The embeddable player (/embed/…) may be framed by other sites: its CSP says so (proxy.ts), without X-Frame-Options.
const headersForFramablePages = headersForEveryAnswer.filter(([name]) => name !== "X-Frame-Options");

type DirectPath = (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => Promise<boolean>;
// What answers a URL before Next, by its start: media and feeds are what podcast apps ask for around the clock.
function directPathsFor(url: string): DirectPath[] {
  if (url.startsWith("/media/")) return [servePublicMedia];
  if (url.startsWith("/podcasts/")) return [serveFeedDirectly, redirectOldShowAddress];
  return [serveHealth, serveWebhookDirectly, refuseOversizedUpload];
}

async function answer(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) {
  for (const direct of directPathsFor(request.url ?? "/")) if (await direct(request, response)) return;
  await handle(request, response);
}

const server = createServer((request, response) => {
  limitRequestTime(request, response, REQUEST_TIME_LIMITS);
  for (const [name, value] of isFramablePath(request.url ?? "/") ? headersForFramablePages : headersForEveryAnswer) response.setHeader(name, value);
  answer(request, response).catch((error: unknown) => {
    console.error("Request failed:", error);
    if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ error: "INTERNAL", message: "Something went wrong on our side." }));
  });
});
// A client gets 20 s to send its headers; the whole request's limit is limitRequestTime's (REQUEST_TIME_LIMITS), as
// Node's own requestTimeout cannot give audio uploads longer.
server.headersTimeout = 20_000;
server.requestTimeout = 0;
const where = env.listenHost ? `${env.listenHost}:${port}` : `port ${port}`;
await new Promise<void>((resolve) => {
  // Exits at once: Next logs uncaught errors and goes on, which left a start on a taken port alive serving nothing.
  const refuse = (error: Error) => {
    console.error(`Podhaven ${process.pid} cannot listen on ${where}: ${error.message}`);
    process.exit(1);
  };
  server.once("error", refuse);
  server.listen(port, env.listenHost, () => {
    server.off("error", refuse);
    resolve();
  });
});
worker = env.isImportWorkerEnabled ? startImportWorker() : null;
console.log(`Podhaven ${isDev ? "(development) " : ""}listening on ${env.appUrl} (${where}, pid ${process.pid})`);

// SIGTERM: stop taking connections, finish the open requests, let the worker finish or give back its job, then
// close the database. A second signal, or 30 s, ends the process at once.
let isStopping = false;
let stoppingSince = 0;
async function stop(signal: string) {
  // A signal sent to the process group reaches this process several times within milliseconds (through tsx and
  // scripts/with-database.ts too): only a second Ctrl-C, pressed later, stops at once.
  if (isStopping) {
    if (signal === "SIGINT" && Date.now() - stoppingSince > 1_000) process.exit(1);
    return;
  }
  isStopping = true;
  stoppingSince = Date.now();
  console.log(`Podhaven ${process.pid}: ${signal}, finishing open requests.`);
  // Time for the worker's grace (it gives its job back then) and the open requests, then no more.
  setTimeout(() => process.exit(1), Math.max(30_000, env.workerStopGraceMs + 5_000)).unref();
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await Promise.all([closed, worker?.stop()]);
  await flushDownloadEvents(); // the download events of the last second
  await stopJobEngineForProcess();
  await db.$disconnect();
  await getPool().end().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
