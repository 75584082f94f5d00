// Runs the import queue in a process of its own, outside the web server. The fault suite
// (lib/jobs/fault-suite.integration.test.ts) starts it and SIGKILLs it at random points.
//   node --conditions=react-server --import tsx scripts/run-import-worker.ts
// `--conditions=react-server` makes `server-only` resolve to its empty module, as it does inside Next.
// Configured like the app (DATABASE_URL, MEDIA_DIR, AUPHONIC_BASE_URL, IMPORT_*); WORKER_IDLE_MS sets the poll.
import { setTimeout as sleep } from "node:timers/promises";
import { runNextImportJob } from "../lib/jobs/import-worker";

const idleMs = Number(process.env.WORKER_IDLE_MS ?? 1_000);

console.log(`import worker ${process.pid} ready`);
for (;;) {
  try {
    if (!(await runNextImportJob())) await sleep(idleMs);
  } catch (error) {
    // Like the in-server worker: log, and try again at the next poll; a claimed job's lease releases it.
    console.error("Import worker:", error);
    await sleep(idleMs);
  }
}
