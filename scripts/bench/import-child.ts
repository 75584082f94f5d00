// One import in a process of its own, so that its memory can be read from /proc (scripts/bench/import.ts
// starts it with `node --import tsx` and the bench's environment). Arguments:
// the Auphonic token and the production uuid. Prints IMPORT_JSON {...} at the end.
import "./support/allow-server-only";
import { readFileSync, writeFileSync } from "node:fs";

const [token, productionUuid] = process.argv.slice(2);
if (!token || !productionUuid) throw new Error("usage: import-child.ts <token> <production uuid>");

const { db, seedUser, seedShow, seedConnection } = await import("./support/seed");
const { acceptDelivery } = await import("@/lib/webhooks/accept-delivery");
const { runNextImport } = await import("@/lib/jobs/import-worker");
const { listImportJobs } = await import("@/lib/testing/import-jobs");

const user = await seedUser({ auphonicToken: token });
const show = await seedShow(user.id, "import-bench", "Import Bench");
const connection = await seedConnection(user.id, show.id);
const accepted = await acceptDelivery(connection.webhookSecret, productionUuid, null);
if (accepted?.kind !== "accepted") throw new Error("The bench's delivery was not accepted.");
const episode = { id: accepted.episodeId };

const statusKb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN);
const rssBeforeKb = statusKb("VmRSS");
// Resets VmHWM to the current RSS (Linux), so that afterwards it is the peak of the import alone.
writeFileSync("/proc/self/clear_refs", "5");
console.log("IMPORT_START");
const started = performance.now();
const ran = await runNextImport();
const ms = performance.now() - started;
console.log("IMPORT_END");
const peakKb = statusKb("VmHWM");

const [job] = await listImportJobs(db, { key: { connectionId: connection.id, productionUuid } });
const stored = await db.episode.findUniqueOrThrow({ where: { id: episode.id }, include: { files: true } });
const enclosure = stored.files.find((file) => file.isEnclosure);
console.log(
  `IMPORT_JSON ${JSON.stringify({ ran, ms, jobState: job?.state, lastError: job?.output?.reason ?? null, importState: stored.importState, enclosureBytes: Number(enclosure?.size ?? 0), files: stored.files.length, rssBeforeKb, peakKb, rssAfterKb: statusKb("VmRSS") })}`,
);
const { stopJobEngine } = await import("@/lib/jobs/job-engine");
await stopJobEngine();
await db.$disconnect();
