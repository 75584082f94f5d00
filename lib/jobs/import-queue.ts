import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getJobEngine, QUEUES, type EngineDb } from "./job-engine";
import { PermanentJobError } from "./permanent-job-error";

// Every state change of an import, on the job engine (pg-boss) and on the episode (importState, importError,
// importRerunRequested), happens in this module, each inside one transaction that locks the episode row first:
//   delivery   → no live job: send one (queued) · queued: nothing · retrying: due now with fresh attempts ·
//                running: importRerunRequested, so the run queues one more when it ends
//   run starts → importing
//   run ends   → fenced (the job is still active and still this run's) → ready, job completed (+ the re-run)
//   run fails  → fenced → retrying with backoff (pg-boss) or failed with its reason (+ dead letter)
// At most one live job per (connection, production): the episode lock orders deliveries and run endings, and the
// queue's `stately` policy refuses a second queued or active job for the same key underneath.

type Tx = Prisma.TransactionClient;
type ImportTarget = { connectionId: string; userId: string; showId: string; productionUuid: string; customData: string };
export type ImportJobData = { connectionId: string; productionUuid: string; episodeId: string };
/** One run of an import job; `fence` is the job's start time, which pg-boss sets anew at every fetch. */
export type ImportRun = ImportJobData & { jobId: string; fence: string; attempt: number; isLastAttempt: boolean };
type LiveJob = { id: string; state: "created" | "retry" | "active" };

/** Thrown into a switch transaction when the run no longer holds its job (it expired, or was cancelled). */
export class LostImportJobError extends Error {
  constructor() {
    super("This run lost its import job (it went silent for longer than IMPORT_LEASE_MS, or the import was cancelled).");
  }
}

// Processes that run imports also run the engine's maintenance, often enough to expire a silent run on time.
const engine = () =>
  getJobEngine(env.databaseUrl!, {
    runsMaintenance: env.isImportWorkerEnabled,
    maintenanceIntervalSeconds: Math.min(120, Math.max(1, Math.round(env.importLeaseMs / 2000))),
  });
const singletonKey = (data: { connectionId: string; productionUuid: string }) => `${data.connectionId}:${data.productionUuid}`;
const engineDb = (tx: Tx): EngineDb => ({ executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe(text, ...values) }) });

function jobOptions(data: ImportJobData) {
  return {
    singletonKey: singletonKey(data),
    retryLimit: env.importMaxAttempts - 1,
    // pg-boss counts in whole seconds and doubles (with jitter) per attempt; with backoff on, it makes 0 into 1.
    retryDelay: Math.round(env.importRetryBaseMs / 1000),
    retryBackoff: env.importRetryBaseMs >= 500,
    expireInSeconds: Math.max(1, Math.round(env.importLeaseMs / 1000)),
    deadLetter: QUEUES.importFailed,
  };
}

async function sendJob(tx: Tx, data: ImportJobData) {
  const id = await (await engine()).send(QUEUES.import, data, { ...jobOptions(data), db: engineDb(tx) });
  if (!id) throw new Error(`The queue refused a second live import for ${singletonKey(data)}.`);
}

async function findLiveJob(tx: Tx, data: { connectionId: string; productionUuid: string }): Promise<LiveJob | null> {
  const [job] = await tx.$queryRaw<LiveJob[]>`
    SELECT id::text AS id, state::text AS state FROM pgboss.job
    WHERE name = ${QUEUES.import} AND singleton_key = ${singletonKey(data)} AND state < 'completed'
    ORDER BY created_on DESC LIMIT 1`;
  return job ?? null;
}

async function lockEpisode(tx: Tx, episodeId: string) {
  const [episode] = await tx.$queryRaw<{ importRerunRequested: boolean; audioVersion: number }[]>`
    SELECT "importRerunRequested", "audioVersion" FROM "Episode" WHERE id = ${episodeId} FOR UPDATE`;
  return episode ?? null;
}

/** Locks the run's job row if the run still holds it; throws LostImportJobError otherwise. */
async function assertRunHoldsJob(tx: Tx, run: ImportRun) {
  const held = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM pgboss.job
    WHERE name = ${QUEUES.import} AND id = ${run.jobId}::uuid AND state = 'active' AND started_on = ${run.fence}::timestamptz
    FOR UPDATE`;
  if (held.length === 0) throw new LostImportJobError();
}

/**
 * A delivery (or the creator's "re-import"): creates the episode with its permanent guid on the first one, and
 * makes sure an import will run. Concurrent deliveries of one production serialise on the episode row.
 */
export async function requestImport(tx: Tx, target: ImportTarget) {
  const { connectionId, userId, showId, productionUuid, customData } = target;
  // ON CONFLICT DO UPDATE: concurrent first deliveries get the same row, and the row is locked until commit.
  // The id is lowercase letters and digits like Prisma's cuids, which media keys and URLs expect.
  const [episode] = await tx.$queryRaw<{ id: string; importState: string; audioVersion: number }[]>`
    INSERT INTO "Episode" (id, "userId", "showId", "connectionId", "productionUuid", "customData", guid, "updatedAt")
    VALUES (${randomUUID().replaceAll("-", "")}, ${userId}, ${showId}, ${connectionId}, ${productionUuid}, ${customData}, ${randomUUID()}, now())
    ON CONFLICT ("connectionId", "productionUuid") DO UPDATE SET "customData" = EXCLUDED."customData", "updatedAt" = now()
    RETURNING id, "importState", "audioVersion"`;
  await queueImportRun(tx, { connectionId, productionUuid, episodeId: episode!.id }, episode!);
  return episode!;
}

/** The creator's "retry" or "re-import with Auphonic's values" on an existing episode. */
export async function requestReimport(episode: { id: string; connectionId: string | null; productionUuid: string }, extra: Prisma.EpisodeUpdateInput = {}) {
  if (!episode.connectionId) throw new PermanentJobError("This episode has no Auphonic connection to import from.");
  const data = { connectionId: episode.connectionId, productionUuid: episode.productionUuid, episodeId: episode.id };
  await db.$transaction(async (tx) => {
    const locked = await lockEpisode(tx, episode.id);
    if (!locked) return;
    await queueImportRun(tx, data, { importState: "", audioVersion: locked.audioVersion });
    if (Object.keys(extra).length > 0) await tx.episode.update({ where: { id: episode.id }, data: extra });
  });
}

async function queueImportRun(tx: Tx, data: ImportJobData, episode: { importState: string; audioVersion: number }) {
  const live = await findLiveJob(tx, data);
  if (live?.state === "active") {
    await tx.episode.update({ where: { id: data.episodeId }, data: { importRerunRequested: true } });
    return;
  }
  if (live?.state === "created") return;
  // Retrying after a failure: the delivery makes it due now, with fresh attempts (as a new job).
  if (live?.state === "retry") await (await engine()).cancel(QUEUES.import, live.id, { db: engineDb(tx) });
  await sendJob(tx, data);
  await tx.episode.update({
    where: { id: data.episodeId },
    data: { importError: null, ...(episode.importState === "ready" || episode.audioVersion > 0 ? {} : { importState: "queued" }) },
  });
}

/** Fetches the next due import for this worker, or null. */
export async function fetchImportRun(): Promise<ImportRun | null> {
  const [job] = await (await engine()).fetch<ImportJobData>(QUEUES.import, { includeMetadata: true });
  if (!job) return null;
  // The fence, read as text: a JS Date would drop the microseconds Postgres keeps.
  const [row] = await db.$queryRaw<{ fence: string }[]>`SELECT started_on::text AS fence FROM pgboss.job WHERE id = ${job.id}::uuid`;
  return { ...job.data, jobId: job.id, fence: row!.fence, attempt: job.retryCount + 1, isLastAttempt: job.retryCount >= job.retryLimit };
}

/** Keeps a long run's job from expiring: a run is silent (and its job goes back to the queue) only when it stops renewing. */
export async function renewImportLease(run: ImportRun) {
  const seconds = Math.max(1, Math.round(env.importLeaseMs / 1000));
  await db.$executeRaw`
    UPDATE pgboss.job SET expire_in = (now() - started_on) + make_interval(secs => ${seconds})
    WHERE name = ${QUEUES.import} AND id = ${run.jobId}::uuid AND state = 'active' AND started_on = ${run.fence}::timestamptz`;
}

export async function markImportRunning(run: ImportRun) {
  await db.episode.updateMany({ where: { id: run.episodeId }, data: { importState: "importing" } });
}

/**
 * Inside the run's switch transaction: checks the run still holds its job, completes it, marks the episode
 * ready and queues the re-run a delivery asked for meanwhile. Throws LostImportJobError (the switch rolls back).
 */
export async function completeImportRun(tx: Tx, run: ImportRun) {
  const episode = await lockEpisode(tx, run.episodeId);
  await assertRunHoldsJob(tx, run);
  const boss = await engine();
  await boss.complete(QUEUES.import, run.jobId, {}, { db: engineDb(tx) });
  if (episode?.importRerunRequested) await sendJob(tx, run);
  if (episode) {
    await tx.episode.update({ where: { id: run.episodeId }, data: { importState: "ready", importError: null, importRerunRequested: false } });
  }
}

/** Ends the run as a failure. Returns what the worker must clean up, or null when the run had lost its job. */
export async function failImportRun(run: ImportRun, error: unknown): Promise<{ isFinal: boolean; audioVersion: number } | null> {
  const reason = error instanceof Error ? error.message : String(error);
  const isPermanent = error instanceof PermanentJobError;
  const isFinal = isPermanent || run.isLastAttempt;
  if (!isPermanent) console.warn(`Import ${run.productionUuid} attempt ${run.attempt} failed: ${reason}`);
  const boss = await engine();
  return db.$transaction(async (tx) => {
    const episode = await lockEpisode(tx, run.episodeId);
    try {
      await assertRunHoldsJob(tx, run);
    } catch (lost) {
      if (lost instanceof LostImportJobError) return null; // the job is another run's now: record nothing
      throw lost;
    }
    if (isFinal && episode?.importRerunRequested) {
      // A delivery that arrived during this run (a re-run in Auphonic, say) gets its run instead of this ending.
      await boss.complete(QUEUES.import, run.jobId, { reason }, { db: engineDb(tx) });
      await sendJob(tx, run);
      await tx.episode.update({ where: { id: run.episodeId }, data: { importRerunRequested: false, importError: `Retrying: ${reason}` } });
      return null;
    }
    // A permanent error is not retried: the engine fails a job for good once its retries are used up.
    if (isPermanent) await tx.$executeRaw`UPDATE pgboss.job SET retry_limit = retry_count WHERE id = ${run.jobId}::uuid`;
    await boss.fail(QUEUES.import, run.jobId, { reason }, { db: engineDb(tx) });
    if (!episode) return null;
    if (error instanceof PermanentJobError && error.details.isForeignDelivery) {
      await tx.delivery.create({
        data: { connectionId: run.connectionId, httpStatus: 200, accepted: false, reason, productionUuid: run.productionUuid },
      });
      // A placeholder that never held an import is removed; nothing else is touched.
      if (episode.audioVersion === 0) {
        await tx.episode.delete({ where: { id: run.episodeId } });
        return null;
      }
    }
    await tx.episode.update({
      where: { id: run.episodeId },
      data: isFinal
        ? { importState: "failed", importError: reason, importRerunRequested: false }
        : { importState: episode.audioVersion > 0 ? "ready" : "queued", importError: `Retrying: ${reason}` },
    });
    return { isFinal, audioVersion: episode.audioVersion };
  });
}

/**
 * A job the engine failed for good without a run to say so (its worker died on the last attempt and the job
 * expired): the dead letter marks the episode failed, unless a newer import is live or it already ended.
 */
export async function recordDeadImport(data: ImportJobData, reason: string) {
  await db.$transaction(async (tx) => {
    const episode = await lockEpisode(tx, data.episodeId);
    if (!episode || (await findLiveJob(tx, data))) return;
    await tx.episode.updateMany({
      where: { id: data.episodeId, importState: { in: ["queued", "importing"] } },
      data: { importState: "failed", importError: reason, importRerunRequested: false },
    });
  });
}

/** Fetches the next dead letter and records it; false when there is none. */
export async function processNextDeadImport(): Promise<boolean> {
  const boss = await engine();
  const [job] = await boss.fetch<ImportJobData>(QUEUES.importFailed, { includeMetadata: true });
  if (!job) return false;
  const output = job.output as { reason?: string; value?: { message?: string } } | null;
  await recordDeadImport(job.data, output?.reason ?? output?.value?.message ?? "The import failed.");
  await boss.complete(QUEUES.importFailed, job.id);
  return true;
}

/**
 * Before an episode is deleted, in the deleting transaction: cancels its queued import. Throws when a run is
 * active, since its files would land after the deletion; the creator deletes once it has finished.
 */
export async function cancelImportForDeletion(tx: Tx, episode: { id: string; connectionId: string | null; productionUuid: string }) {
  if (!episode.connectionId) return;
  await lockEpisode(tx, episode.id);
  const live = await findLiveJob(tx, { connectionId: episode.connectionId, productionUuid: episode.productionUuid });
  if (live?.state === "active") throw new PermanentJobError("The import is running right now; delete the episode when it has finished.");
  if (live) await (await engine()).cancel(QUEUES.import, live.id, { db: engineDb(tx) });
}

export type ImportJobSummary = { state: "queued" | "running" | "done" | "failed" | "cancelled"; attempts: number; lastError: string | null };

/** The latest import job of an episode, for its page. */
export async function getImportJobSummary(connectionId: string, productionUuid: string): Promise<ImportJobSummary | null> {
  const [job] = await db.$queryRaw<{ state: string; retryCount: number; startedOn: Date | null; output: { reason?: string; value?: { message?: string } } | null }[]>`
    SELECT state::text AS state, retry_count AS "retryCount", started_on AS "startedOn", output FROM pgboss.job
    WHERE name = ${QUEUES.import} AND singleton_key = ${singletonKey({ connectionId, productionUuid })}
    ORDER BY created_on DESC LIMIT 1`;
  if (!job) return null;
  const states = { created: "queued", retry: "queued", active: "running", completed: "done", failed: "failed", cancelled: "cancelled" } as const;
  return {
    state: states[job.state as keyof typeof states],
    attempts: job.startedOn ? job.retryCount + 1 : job.retryCount,
    lastError: job.output?.reason ?? job.output?.value?.message ?? null,
  };
}

/** Gives a running job back to the queue at once (SIGTERM while a run is in progress); the run is fenced off. */
export async function releaseImportRun(run: ImportRun) {
  await db.$executeRaw`
    UPDATE pgboss.job SET state = 'retry', start_after = now(), started_on = NULL
    WHERE name = ${QUEUES.import} AND id = ${run.jobId}::uuid AND state = 'active' AND started_on = ${run.fence}::timestamptz`;
}

/** Starts this process's job engine now rather than at the first delivery; workers also run its maintenance. */
export async function warmUpJobEngine() {
  await engine();
}

export { stopJobEngine as stopJobEngineForProcess } from "./job-engine";
