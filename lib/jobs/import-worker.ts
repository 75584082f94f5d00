import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { importProduction } from "@/lib/episodes/import-production";
import { env } from "@/lib/env.js";
import { removeMediaPrefix } from "@/lib/media/local-storage";
import { runDueScheduledJobs } from "./scheduled-jobs";
import { failImportRun, fetchImportRun, processNextDeadImport, releaseImportRun, renewImportLease, runJobEngineAsWorker, type ImportRun } from "./import-queue";

/** Runs the next due import, if any, and records its outcome. Returns false when there was nothing to do. */
export async function runNextImport(): Promise<boolean> {
  await processDeadImports();
  await runDueScheduledJobs();
  const run = await fetchImportRun();
  if (!run) return false;
  await runImport(run);
  return true;
}

async function processDeadImports() {
  while (await processNextDeadImport());
}

let current: { run: ImportRun; done: Promise<void> } | null = null;

async function runImport(run: ImportRun) {
  // A long download keeps its job: only a worker that stopped renewing the lease (it died) loses it.
  const heartbeat = setInterval(() => void renewImportLease(run).catch((error: unknown) => console.warn("Import worker: could not renew a lease:", error)), Math.max(500, env.importLeaseMs / 3));
  const done = (async () => {
    try {
      await importProduction(run);
    } catch (error) {
      const failure = await failImportRun(run, error);
      // A final failure leaves nothing half-copied behind; the current version, which may be on air, stays.
      if (failure?.isFinal) await removeMediaPrefix(`episodes/${run.episodeId}/v${failure.audioVersion + 1}`);
    } finally {
      clearInterval(heartbeat);
    }
  })();
  current = { run, done };
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
  const loop = (async () => {
    while (!isStopping) {
      try {
        if (await runNextImport()) stats.imports++;
        else await sleep(env.workerPollMs, undefined, { signal: wake.signal }).catch(() => {});
      } catch (error) {
        console.error("Import worker:", error);
        await sleep(env.workerPollMs, undefined, { signal: wake.signal }).catch(() => {});
      }
    }
  })();
  console.log(`Import worker ${process.pid} ready`);
  return {
    stop: async () => {
      isStopping = true;
      wake.abort();
      clearInterval(heartbeat);
      const running = current;
      if (running) {
        const finished = await Promise.race([running.done.then(() => true), sleep(env.workerStopGraceMs).then(() => false)]);
        if (!finished) {
          await releaseImportRun(running.run);
          console.warn(`Import worker ${process.pid}: gave ${running.run.productionUuid} back to the queue on stop.`);
          return;
        }
      }
      await loop;
    },
  };
}
