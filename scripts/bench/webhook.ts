// `npm run bench:webhook`: signed deliveries to the app's webhook from 50 concurrent senders (autocannon),
// with the import queue filling (IMPORT_WORKER=off: jobs are queued, none is run), side by side in one run with
// a bare Node server that verifies the same JWT with jose and inserts one row into the same Postgres
// (support/bare-webhook-server.ts). Afterwards the database must hold exactly one Delivery per answered
// request, and one Episode and one live import job per production.
import "./support/allow-server-only";
import autocannon from "autocannon";
import { SignJWT } from "jose";
import { parseArgs } from "node:util";
import { prepareBenchEnvironment } from "./support/bench-environment";
import { ensureBenchBuild } from "./support/ensure-build";
import { findFreePort } from "./support/free-port";
import { fixed, printTable, saveResults } from "./support/report";
import { startProcess, waitForHttp } from "./support/processes";
import { startApp } from "./support/start-servers";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "5000" },
    connections: { type: "string", default: "50" },
    rebuild: { type: "boolean", default: false },
    "reuse-build": { type: "boolean", default: false },
  },
});
const REQUESTS = Number(values.requests);
const CONNECTIONS = Number(values.connections);
// Every tenth delivery repeats a production sent shortly before (Auphonic retries, re-runs): the unique
// key must keep those to one job and one episode even while the first delivery is still in flight.
const REDELIVERY_EVERY = 10;
ensureBenchBuild({ rebuild: values.rebuild, reuse: values["reuse-build"] });

const appPort = await findFreePort(3300);
const bench = await prepareBenchEnvironment("webhook", appPort, { IMPORT_WORKER: "off" });
const { db, seedUser, seedShow, seedConnection, createProductionUuid } = await import("./support/seed");
const { listImportJobs } = await import("@/lib/testing/import-jobs");
const { env } = await import("@/lib/env.js");
const user = await seedUser();
const show = await seedShow(user.id, "webhook-bench", "Webhook Bench");
const connection = await seedConnection(user.id, show.id);

// Signed up front, so that signing costs the load generator nothing during the run. autocannon builds one
// request per connection ahead, hence the spare tokens.
const key = new TextEncoder().encode(env.auphonicClientSecret);
const uuids: string[] = [];
const tokens: string[] = [];
for (let index = 0; index < REQUESTS + CONNECTIONS + 100; index++) {
  const isRedelivery = index >= 50 && index % REDELIVERY_EVERY === 0;
  const uuid = isRedelivery ? uuids[index - 25]! : createProductionUuid();
  uuids.push(uuid);
  tokens.push(await new SignJWT({ uuid, custom_data: '{"publishState":"draft","bench":true}' }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key));
}

const app = await startApp("webhook", appPort, bench.env);
const url = `${app.url}/api/auphonic/webhook/${connection.webhookSecret}`;
const check = await fetch(url, { method: "POST", headers: { "Content-Type": "application/jwt" }, body: tokens[0] });
if (check.status !== 200) throw new Error(`The webhook answered ${check.status}: ${await check.text()}`);

/**
 * autocannon's run of REQUESTS deliveries, taking tokens from `from` on. Timed here, from the start to the last
 * answer: autocannon reports whole seconds and ends a counted run only at its next one-second tick.
 */
async function load(target: string, from: number) {
  let next = from;
  const started = performance.now();
  let lastAnswer = started;
  let instance!: autocannon.Instance;
  const run = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
    url: target,
    method: "POST",
    connections: CONNECTIONS,
    amount: REQUESTS,
    timeout: 30,
    headers: { "content-type": "application/jwt" },
    requests: [{ setupRequest: (request) => ({ ...request, body: tokens[next++] ?? tokens[from]! }) }],
    }, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on("response", () => {
      lastAnswer = performance.now();
    });
  });
  return { ...run, duration: (lastAnswer - started) / 1000 };
}

// The reference first, on the same database and machine; its rows are removed before the app's run.
const barePort = await findFreePort(appPort + 1);
const bare = startProcess("webhook-bare", process.execPath, ["--import", "tsx", "scripts/bench/support/bare-webhook-server.ts"], {
  ...bench.env,
  PORT: String(barePort),
  CONNECTION_ID: connection.id,
  AUPHONIC_CLIENT_SECRET: env.auphonicClientSecret,
});
await waitForHttp(`http://127.0.0.1:${barePort}/`, bare);
const reference = await load(`http://127.0.0.1:${barePort}/`, 1);
await bare.stop();
await db.delivery.deleteMany({ where: { connectionId: connection.id, reason: "bare" } });

const result = await load(url, 1);
const answered = result["2xx"] + result.non2xx + 1;
const jobs = await listImportJobs(db);
const [deliveries, accepted, episodes, productionsWithDeliveries] = await Promise.all([
  db.delivery.count({ where: { connectionId: connection.id } }),
  db.delivery.count({ where: { connectionId: connection.id, accepted: true } }),
  db.episode.count({ where: { connectionId: connection.id } }),
  db.delivery.findMany({ where: { connectionId: connection.id, accepted: true }, distinct: ["productionUuid"], select: { productionUuid: true } }),
]);
const distinct = productionsWithDeliveries.length;
const perKey = new Map<string, number>();
for (const job of jobs) perKey.set(job.singletonKey, (perKey.get(job.singletonKey) ?? 0) + 1);
const checks = [
  { check: "Delivery rows = requests answered", expected: answered, actual: deliveries },
  { check: "accepted Delivery rows = 2xx answers", expected: result["2xx"] + 1, actual: accepted },
  { check: "import jobs = distinct productions delivered", expected: distinct, actual: jobs.length },
  { check: "Episode rows = distinct productions delivered", expected: distinct, actual: episodes },
  { check: "queued jobs (worker off) = import jobs", expected: jobs.length, actual: jobs.filter((job) => job.state === "created").length },
  { check: "productions with more than one job", expected: 0, actual: [...perKey.values()].filter((count) => count > 1).length },
];
const isConsistent = checks.every((row) => row.expected === row.actual) && result.errors === 0 && result.non2xx === 0 && reference.non2xx === 0;
const appPerSec = result["2xx"] / result.duration;
const barePerSec = reference["2xx"] / reference.duration;

console.log(`\nWebhook: ${result.requests.sent} signed deliveries (every ${REDELIVERY_EVERY}th a re-delivery), ${CONNECTIONS} concurrent senders (autocannon), import worker off (queue only fills)`);
const row = (name: string, run: autocannon.Result & { duration: number }, perSec: number) => ({
  server: name,
  "accepted/s": fixed(perSec),
  "p50 ms": fixed(run.latency.p50, 1),
  "p99 ms": fixed(run.latency.p99, 1),
  "max ms": fixed(run.latency.max, 1),
  "non-2xx": run.non2xx,
  errors: run.errors,
  seconds: fixed(run.duration, 2),
});
printTable("Throughput and latency", [
  row("app (server.ts: verify, one transaction per burst, job engine)", result, appPerSec),
  row("bare Node + jose + one INSERT", reference, barePerSec),
]);
console.log(`  app / bare: ${fixed(appPerSec / barePerSec, 2)}x`);
printTable("Database afterwards", checks);
console.log(isConsistent ? "\nNo delivery lost or duplicated." : "\nINCONSISTENT: see the table above.");
saveResults("webhook", {
  requests: result.requests.sent,
  connections: CONNECTIONS,
  importWorker: "off",
  acceptedPerSec: appPerSec,
  bareAcceptedPerSec: barePerSec,
  ratioToBare: appPerSec / barePerSec,
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
  non2xx: result.non2xx,
  errors: result.errors,
  checks,
  isConsistent,
});
await app.stop();
const { stopJobEngine } = await import("@/lib/jobs/job-engine");
await stopJobEngine();
await db.$disconnect();
const { getPool } = await import("@/lib/database/sql");
await getPool().end();
await bench.stop();
if (!isConsistent) process.exitCode = 1;
