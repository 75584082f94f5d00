import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { importProduction } from "@/lib/episodes/import-production";
import { env } from "@/lib/env.js";
import {
  failImportRun,
  fetchImportRun,
  LostImportJobError,
  processNextDeadImport,
  releaseImportRun,
  renewImportLease,
  runJobEngineAsWorker,
  type ImportRun,
} from "./import-queue";
import { startFeedRenderer } from "@/lib/feed/feed-documents";
import { scheduleMediaRemoval } from "@/lib/storage/retire-media";
// Defines the scheduled-release job kind, so this worker can run it.
import { requeueScheduledReleases } from "@/lib/episodes/publish-scheduled-episode";
// Defines the move-in job kinds (lib/move-in/), so this worker runs them.
import "@/lib/move-in/move-in-jobs";
import { scheduleDownloadRollUp } from "@/lib/analytics/roll-up-downloads";
import { scheduleDeliveryRetention } from "@/lib/webhooks/delivery-retention";
import { runDueScheduledJobs } from "./scheduled-jobs";

/**
 * Runs the next due import, if any, and records its outcome. Returns false when there was nothing to do. A worker
 * told to stop while it fetched (`isStopping`) gives the job straight back instead.
 */
export async function runNextImport(isStopping: () => boolean = () => false, { onHousekeeping }: { onHousekeeping?: (ran: number) => void } = {}): Promise<boolean> {
  const housekept = await runHousekeeping(); // before the call below: `f?.(x)` skips evaluating x when f is absent
  onHousekeeping?.(housekept);
  const run = await fetchImportRun();
  if (!run) return false;
  if (isStopping()) await releaseImportRun(run);
  else await runImport(run);
  return true;
}

// Scheduled jobs run between imports, a few at a time: a long move-in (a job per episode) must not hold back the
// productions Auphonic delivers meanwhile.
const SCHEDULED_JOBS_PER_POLL = 3;

/** Dead letters (imports the engine failed for good) and up to SCHEDULED_JOBS_PER_POLL scheduled jobs that are due. */
async function runHousekeeping() {
  while (await processNextDeadImport());
  return runDueScheduledJobs({ max: SCHEDULED_JOBS_PER_POLL });
}

type Running = { run: ImportRun; done: Promise<void>; abort: (reason: Error) => void };
let current: Running | null = null;

async function runImport(run: ImportRun) {
  const controller = new AbortController();
  // A long download keeps its job by renewing the lease; a run whose renewal finds the job gone (it expired,
  // was given back, or cancelled) stops at once instead of copying on beside the run that has it now.
  const heartbeat = setInterval(() => {
    renewImportLease(run)
      .then((isHeld) => isHeld || controller.abort(new LostImportJobError()))
      .catch((error: unknown) => console.warn("Import worker: could not renew a lease:", error));
  }, Math.max(500, env.importLeaseMs / 3));
  const done = (async () => {
    try {
      await importProduction(run, controller.signal);
    } catch (error) {
      // A final failure also removes what was half-copied, inside the failure's own transaction.
      await failImportRun(run, controller.signal.aborted ? controller.signal.reason : error);
    } finally {
      clearInterval(heartbeat);
    }
  })();
  current = { run, done, abort: (reason) => controller.abort(reason) };
  try {
    await done;
  } finally {
    current = null;
  }
}

export type ImportWorker = { stop: () => Promise<void> };

/**
 * The worker loop (npm run worker, and inside npm start when IMPORT_WORKER=on): one import at a time, a heartbeat
 * line a minute. stop() takes no new job, waits up to WORKER_STOP_GRACE_MS for the running one, then gives it back.
 */
export function startImportWorker(): ImportWorker {
  runJobEngineAsWorker();
  let isStopping = false;
  const wake = new AbortController();
  const stats = { imports: 0, since: Date.now() };
  const heartbeat = setInterval(() => {
    console.log(`Import worker ${process.pid}: alive, ${stats.imports} imports since ${new Date(stats.since).toISOString()}${current ? `, importing ${current.run.productionUuid}` : ""}`);
  }, 60_000);
  heartbeat.unref();
  const idle = () => sleep(env.workerPollMs, undefined, { signal: wake.signal }).catch(() => {});
  const loop = (async () => {
    while (!isStopping) {
      try {
        let housekept = 0;
        if (await runNextImport(() => isStopping, { onHousekeeping: (ran) => (housekept = ran) })) stats.imports++;
        // More scheduled work may be due (a move-in's episodes): no pause while there was some.
        else if (housekept === 0) await idle();
      } catch (error) {
        console.error("Import worker:", error);
        await idle();
      }
    }
  })();
  // The scheduled work workers keep going (one pending run each, however many workers start).
  void scheduleDeliveryRetention().catch((error: unknown) => console.error("Import worker: could not schedule the delivery log's retention:", error));
  void scheduleMediaRemoval().catch((error: unknown) => console.error("Import worker: could not schedule the removal of retired media:", error));
  void requeueScheduledReleases().catch((error: unknown) => console.error("Import worker: could not check the scheduled releases:", error));
  void scheduleDownloadRollUp().catch((error: unknown) => console.error("Import worker: could not schedule the download roll-up:", error));
  // Feeds are rendered right after a change, so the first poll finds them stored (lib/feed/feed-documents.ts).
  const stopFeedRenderer = startFeedRenderer();
  console.log(`Import worker ${process.pid} ready`);
  return {
    stop: async () => {
      isStopping = true;
      stopFeedRenderer();
      wake.abort();
      clearInterval(heartbeat);
      const running = current;
      if (running) {
        const finished = await Promise.race([running.done.then(() => true), sleep(env.workerStopGraceMs).then(() => false)]);
        if (!finished) {
          await releaseImportRun(running.run);
          running.abort(new LostImportJobError());
          console.warn(`Import worker ${process.pid}: gave ${running.run.productionUuid} back to the queue on stop.`);
          await running.done;
        }
      }
      await loop;
    },
  };
}
