// `npm run bench:webhook`: signed deliveries to the app's webhook from 50 concurrent senders (autocannon),
// with the import queue filling (IMPORT_WORKER=off: jobs are queued, none is run). Afterwards the database
// must hold exactly one Delivery per answered request, and one ImportJob and one Episode per production.
import "./support/allow-server-only";
import autocannon from "autocannon";
import { SignJWT } from "jose";
import { parseArgs } from "node:util";
import { prepareBenchEnvironment } from "./support/bench-environment";
import { ensureBenchBuild } from "./support/ensure-build";
import { findFreePort } from "./support/free-port";
import { fixed, printTable, saveResults } from "./support/report";
import { startApp } from "./support/start-servers";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "1000" },
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
const bench = prepareBenchEnvironment("webhook", appPort, { IMPORT_WORKER: "off" });
const { db, seedUser, seedShow, seedConnection, createProductionUuid } = await import("./support/seed");
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

let next = 1;
const result = await autocannon({
  url,
  method: "POST",
  connections: CONNECTIONS,
  amount: REQUESTS,
  timeout: 30,
  headers: { "content-type": "application/jwt" },
  requests: [{ setupRequest: (request) => ({ ...request, body: tokens[next++] ?? tokens[1]! }) }],
});

const answered = result["2xx"] + result.non2xx + 1;
const [deliveries, accepted, jobs, episodes, productionsWithJobs, duplicateJobs] = await Promise.all([
  db.delivery.count({ where: { connectionId: connection.id } }),
  db.delivery.count({ where: { connectionId: connection.id, accepted: true } }),
  db.importJob.count({ where: { connectionId: connection.id } }),
  db.episode.count({ where: { connectionId: connection.id } }),
  db.delivery.findMany({ where: { connectionId: connection.id, accepted: true }, distinct: ["productionUuid"], select: { productionUuid: true } }),
  db.importJob.groupBy({ by: ["productionUuid"], where: { connectionId: connection.id }, _count: { _all: true }, having: { productionUuid: { _count: { gt: 1 } } } }),
]);
const queued = await db.importJob.count({ where: { connectionId: connection.id, state: "queued" } });
const distinct = productionsWithJobs.length;
const checks = [
  { check: "Delivery rows = requests answered", expected: answered, actual: deliveries },
  { check: "accepted Delivery rows = 2xx answers", expected: result["2xx"] + 1, actual: accepted },
  { check: "ImportJob rows = distinct productions delivered", expected: distinct, actual: jobs },
  { check: "Episode rows = distinct productions delivered", expected: distinct, actual: episodes },
  { check: "queued jobs (worker off) = ImportJob rows", expected: jobs, actual: queued },
  { check: "productions with more than one ImportJob", expected: 0, actual: duplicateJobs.length },
];
const isConsistent = checks.every((row) => row.expected === row.actual) && result.errors === 0 && result.non2xx === 0;

console.log(`\nWebhook: ${result.requests.sent} signed deliveries (every ${REDELIVERY_EVERY}th a re-delivery), ${CONNECTIONS} concurrent senders (autocannon), import worker off (queue only fills)`);
printTable("Throughput and latency", [
  {
    "accepted/s": fixed(result["2xx"] / result.duration),
    "p50 ms": fixed(result.latency.p50, 1),
    "p99 ms": fixed(result.latency.p99, 1),
    "max ms": fixed(result.latency.max, 1),
    "non-2xx": result.non2xx,
    errors: result.errors,
    seconds: fixed(result.duration, 1),
  },
]);
printTable("Database afterwards", checks);
console.log(isConsistent ? "\nNo delivery lost or duplicated." : "\nINCONSISTENT: see the table above.");
saveResults("webhook", {
  requests: result.requests.sent,
  connections: CONNECTIONS,
  importWorker: "off",
  acceptedPerSec: result["2xx"] / result.duration,
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
  non2xx: result.non2xx,
  errors: result.errors,
  checks,
  isConsistent,
});
await app.stop();
await db.$disconnect();
if (!isConsistent) process.exitCode = 1;
