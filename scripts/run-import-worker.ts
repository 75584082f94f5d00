// `npm run worker`: an import worker in a process of its own; run as many as wanted against one database.
//   node --conditions=react-server --import tsx scripts/run-import-worker.ts   (DATABASE_URL set)
// `--conditions=react-server` makes `server-only` resolve to its empty module, as it does inside Next.
// Configured like the app (DATABASE_URL, MEDIA_DIR, AUPHONIC_BASE_URL, IMPORT_*, WORKER_*). SIGTERM: it takes no
// new job, finishes the running one (or gives it back after WORKER_STOP_GRACE_MS) and exits.
import { db } from "../lib/db";
import { startImportWorker } from "../lib/jobs/import-worker";
import { stopJobEngineForProcess } from "../lib/jobs/import-queue";
import { getStorage } from "../lib/storage/media-storage";

await (await getStorage()).check();
const worker = startImportWorker();
let stoppingSince = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    // A group signal arrives several times within milliseconds (through tsx and scripts/with-database.ts): only
    // a second Ctrl-C, pressed later, ends at once.
    if (stoppingSince > 0) {
      if (signal === "SIGINT" && Date.now() - stoppingSince > 1_000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    console.log(`Import worker ${process.pid}: ${signal}, stopping.`);
    await worker.stop();
    await stopJobEngineForProcess();
    await db.$disconnect();
    process.exit(0);
  });
}
