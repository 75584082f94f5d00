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
// Defines the reconciliation job kind (lib/reconcile/), so this worker runs it.
import { scheduleAllReconciliations } from "@/lib/reconcile/schedule-all-reconciliations";
import { scheduleUploadExpiry } from "@/lib/uploads/remove-expired-uploads";
// Defines the Auphonic account refresh the dashboard asks for, so this worker runs it.
import "@/lib/users/schedule-auphonic-account-refresh";
import { runDueScheduledJobs, type ScheduledQueue } from "./scheduled-jobs";
import { handOverProduction } from "@/lib/produce/hand-over-production";
// Defines the kind that fails hand-overs whose job ended without an outcome, so this worker runs it.
import { scheduleStuckHandoverCheck } from "@/lib/produce/fail-stuck-handovers";
import { runNextHandover } from "./handover-queue";

/**
 * Runs the next due import, if any, and records its outcome; dead letters first. Returns false when there was
 * nothing to do. A worker told to stop while it fetched (`isStopping`) gives the job straight back instead.
 */
export async function runNextImport(isStopping: () => boolean = () => false): Promise<boolean> {
  while (await processNextDeadImport());
  const run = await fetchImportRun();
  if (!run) return false;
  if (isStopping()) await releaseImportRun(run);
  else await runImport(run);
  return true;
}

type Running = { run: ImportRun; done: Promise<void>; abort: (reason: Error) => void };
const running = new Set<Running>();

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
  const entry = { run, done, abort: (reason: Error) => controller.abort(reason) };
  running.add(entry);
  try {
    await done;
  } finally {
    running.delete(entry);
  }
}

export type ImportWorker = { stop: () => Promise<void> };

/**
 * The worker (npm run worker, and inside npm start when IMPORT_WORKER=on): independent loops per queue, each kind
 * of work with its own concurrency (WORKER_*_CONCURRENCY), so a move-in whose old host trickles its files never
 * holds back Auphonic's imports or a scheduled release. A heartbeat line a minute. stop() takes no new job, waits
 * up to WORKER_STOP_GRACE_MS for the running ones, then gives imports back and tells scheduled jobs to give up.
 */
export function startImportWorker(): ImportWorker {
  runJobEngineAsWorker();
  let isStopping = false;
  const wake = new AbortController();
  // Aborted once the stop's grace is over: scheduled handlers (a move-in's copy) stop and are retried later.
  const giveUp = new AbortController();
  const stats = { imports: 0, scheduled: 0, since: Date.now() };
  const heartbeat = setInterval(() => {
    const importing = [...running].map((entry) => entry.run.productionUuid).join(", ");
    console.log(
      `Import worker ${process.pid}: alive, ${stats.imports} imports and ${stats.scheduled} scheduled jobs since ${new Date(stats.since).toISOString()}${importing ? `, importing ${importing}` : ""}`,
    );
  }, 60_000);
  heartbeat.unref();
  const idle = () => sleep(env.workerPollMs, undefined, { signal: wake.signal }).catch(() => {});
  const lane = async (name: string, runOne: () => Promise<boolean>) => {
    while (!isStopping) {
      try {
        // More work may be due (a move-in's episodes): no pause while there was some.
        if (!(await runOne())) await idle();
      } catch (error) {
        console.error(`Import worker (${name}):`, error);
        await idle();
      }
    }
  };
  const scheduledLane = (queue: ScheduledQueue) => async () => {
    const ran = await runDueScheduledJobs({ queue, max: 1, signal: giveUp.signal });
    stats.scheduled += ran;
    return ran > 0;
  };
  const { imports, releases, moveIn, housekeeping, handover, reconcile } = env.workerConcurrency;
  const lanes: [string, number, () => Promise<boolean>][] = [
    ["imports", imports, async () => (await runNextImport(() => isStopping)) && ++stats.imports > 0],
    ["releases", releases, scheduledLane("releases")],
    ["move-in", moveIn, scheduledLane("moveIn")],
    ["housekeeping", housekeeping, scheduledLane("housekeeping")],
    ["handover", handover, () => runNextHandover((run) => handOverProduction(run, giveUp.signal))],
    ["reconcile", reconcile, scheduledLane("reconcile")],
  ];
  const loops = lanes.flatMap(([name, concurrency, runOne]) => Array.from({ length: concurrency }, () => lane(name, runOne)));
  // The scheduled work workers keep going (one pending run each, however many workers start).
  void scheduleDeliveryRetention().catch((error: unknown) => console.error("Import worker: could not schedule the delivery log's retention:", error));
  void scheduleMediaRemoval().catch((error: unknown) => console.error("Import worker: could not schedule the removal of retired media:", error));
  void requeueScheduledReleases().catch((error: unknown) => console.error("Import worker: could not check the scheduled releases:", error));
  void scheduleDownloadRollUp().catch((error: unknown) => console.error("Import worker: could not schedule the download roll-up:", error));
  void scheduleAllReconciliations().catch((error: unknown) => console.error("Import worker: could not schedule the reconciliations with Auphonic:", error));
  void scheduleUploadExpiry().catch((error: unknown) => console.error("Import worker: could not schedule the removal of expired uploads:", error));
  void scheduleStuckHandoverCheck().catch((error: unknown) => console.error("Import worker: could not schedule the check for stopped hand-overs:", error));
  // Feeds are rendered right after a change, so the first poll finds them stored (lib/feed/feed-documents.ts).
  const stopFeedRenderer = startFeedRenderer();
  console.log(`Import worker ${process.pid} ready (imports ${imports}, releases ${releases}, move-in ${moveIn}, housekeeping ${housekeeping}, handover ${handover}, reconcile ${reconcile} at a time)`);
  return {
    stop: async () => {
      isStopping = true;
      stopFeedRenderer();
      wake.abort();
      clearInterval(heartbeat);
      const all = Promise.all(loops);
      const finished = await Promise.race([all.then(() => true), sleep(env.workerStopGraceMs).then(() => false)]);
      if (!finished) {
        for (const entry of running) {
          await releaseImportRun(entry.run);
          entry.abort(new LostImportJobError());
          console.warn(`Import worker ${process.pid}: gave ${entry.run.productionUuid} back to the queue on stop.`);
        }
        giveUp.abort(new Error("The worker stopped before this job finished; it runs again later."));
      }
      await all;
    },
  };
}
