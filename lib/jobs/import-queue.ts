import "server-only";
import { env } from "@/lib/env.js";
import { sql as poolSql, sqlOfPrisma, withTransaction, type Sql } from "@/lib/database/sql";
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { importVersionAttempts } from "@/lib/storage/media-keys";
import { getStorage } from "@/lib/storage/media-storage";
import { getJobEngine, QUEUES, type EngineDb } from "./job-engine";
import { PermanentJobError } from "./permanent-job-error";

// Every state change of an import, on the job engine (pg-boss) and on the episode (importState, importError,
// importErrorKind, importRerunRequested), happens in this module, each inside one transaction that locks the episode row first:
//   delivery   → no live job: send one (queued) · queued: nothing · retrying: due now with fresh attempts ·
//                running: importRerunRequested, so the run queues one more when it ends
//   run starts → importing
//   run ends   → fenced (the job is still active and still this run's) → ready, job completed (+ the re-run)
//   run fails  → fenced → retrying with backoff (pg-boss) or failed with its reason (+ dead letter)
// At most one live job per (connection, production): the episode lock orders deliveries and run endings, and the
// queue's `stately` policy refuses a second queued or active job for the same key underneath.
// Plain SQL throughout (quoted identifiers, the engine's `pgboss` schema): these statements run on every delivery
// and every run, and take a transaction of Prisma's (sqlOfPrisma) or of the pool's alike.

export type ImportJobData = { connectionId: string; productionUuid: string; episodeId: string };
/** One run of an import job; `fence` is the job's start time, which pg-boss sets anew at every fetch. */
export type ImportRun = ImportJobData & { jobId: string; fence: string; attempt: number; isLastAttempt: boolean };
/** The episode as a delivery found it, with the episode row locked by the caller's transaction. */
export type EpisodeImportState = { id: string; importState: string; importError: string | null; audioVersion: number; isNew: boolean };
type LiveJob = { id: string; state: "created" | "retry" | "active" };
/** A job's output: ours is { reason }; pg-boss writes { value: { message } } when it ends a job itself (expiry). */
type JobOutput = { reason?: string; value?: { message?: string } } | null;

const failureReasonOf = (output: JobOutput) => output?.reason ?? output?.value?.message ?? null;
/** Why a final failure happened: "auphonic" when the production failed or is gone there (no retry from here). */
export type ImportErrorKind = "podhaven" | "auphonic";
type LockedEpisode = { importRerunRequested: boolean; audioVersion: number; importState: string; importError: string | null };

/** Thrown into a switch transaction when the run no longer holds its job (it expired, or was cancelled). */
export class LostImportJobError extends Error {
  constructor() {
    super("This run lost its import job (it went silent for longer than IMPORT_LEASE_MS, or the import was cancelled).");
  }
}

const leaseSeconds = () => Math.max(1, Math.round(env.importLeaseMs / 1000));
// Processes that run imports also run the engine's maintenance, often enough to expire a silent run on time.
let runsImports = false;
const engine = () =>
  getJobEngine(env.databaseUrl!, {
    runsMaintenance: runsImports,
    maintenanceIntervalSeconds: Math.min(120, Math.max(1, Math.round(env.importLeaseMs / 2000))),
  });

/** Called by a worker before its first job: this process's engine then runs maintenance (expiry, retention). */
export function runJobEngineAsWorker() {
  runsImports = true;
}
const singletonKey = (data: { connectionId: string; productionUuid: string }) => `${data.connectionId}:${data.productionUuid}`;
const engineDb = (tx: Sql): EngineDb => ({ executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) });

function jobOptions(data: ImportJobData) {
  return {
    singletonKey: singletonKey(data),
    retryLimit: env.importMaxAttempts - 1,
    // pg-boss counts in whole seconds and doubles (with jitter) per attempt; with backoff on, it makes 0 into 1.
    retryDelay: Math.round(env.importRetryBaseMs / 1000),
    retryBackoff: env.importRetryBaseMs >= 500,
    expireInSeconds: leaseSeconds(),
    deadLetter: QUEUES.importFailed,
  };
}

async function sendJob(tx: Sql, data: ImportJobData) {
  const id = await (await engine()).send(QUEUES.import, data, { ...jobOptions(data), db: engineDb(tx) });
  if (!id) throw new Error(`The queue refused a second live import for ${singletonKey(data)}.`);
}

async function findLiveJob(tx: Sql, data: { connectionId: string; productionUuid: string }): Promise<LiveJob | null> {
  const [job] = await findLiveJobs(tx, [data]);
  return job ?? null;
}

async function lockEpisode(tx: Sql, episodeId: string): Promise<LockedEpisode | null> {
  const [episode] = await tx.query<LockedEpisode>(`SELECT "importRerunRequested", "audioVersion", "importState", "importError" FROM "Episode" WHERE id = $1 FOR UPDATE`, [episodeId]);
  return episode ?? null;
}

async function updateEpisode(
  tx: Sql,
  episodeId: string,
  fields: { importState?: string; importError?: string | null; importErrorKind?: ImportErrorKind | null; importRerunRequested?: boolean },
) {
  const entries = Object.entries(fields);
  const assignments = entries.map(([column], index) => `"${column}" = $${index + 2}`);
  await tx.query(`UPDATE "Episode" SET ${assignments.join(", ")}, "updatedAt" = now() WHERE id = $1`, [episodeId, ...entries.map(([, value]) => value)]);
}

/** Locks the run's job row if the run still holds it; throws LostImportJobError otherwise. */
async function assertRunHoldsJob(tx: Sql, run: ImportRun) {
  const held = await tx.query(
    `SELECT 1 FROM pgboss.job WHERE name = $1 AND id = $2::uuid AND state = 'active' AND started_on = $3::timestamptz FOR UPDATE`,
    [QUEUES.import, run.jobId, run.fence],
  );
  if (held.length === 0) throw new LostImportJobError();
}

/**
 * Deliveries' part, in their transaction with the episode rows locked (lib/webhooks/accept-delivery.ts): makes
 * sure an import will run for each episode. A new episode has no job yet; an existing one may have a live job.
 * A few statements for any number of episodes: a burst of deliveries is accepted in one transaction.
 */
export async function queueImportRuns(tx: Sql, items: { data: ImportJobData; episode: Omit<EpisodeImportState, "id"> }[]) {
  const existing = items.filter((item) => !item.episode.isNew);
  const liveJobs = existing.length === 0 ? [] : await findLiveJobs(tx, existing.map((item) => item.data));
  const liveByKey = new Map(liveJobs.map((job) => [job.singletonKey, job]));
  // Retrying after a failure: the delivery makes it due now, with fresh attempts (a new job). A worker may have
  // taken the retry meanwhile: then it is running, and gets a re-run like any running job.
  const retrying = items.flatMap(({ data }) => {
    const live = liveByKey.get(singletonKey(data));
    return live?.state === "retry" ? [live.id] : [];
  });
  const cancelled = new Set(retrying.length > 0 ? await cancelQueuedJobs(tx, retrying) : []);
  const toRerun: string[] = [];
  const toSend: ImportJobData[] = [];
  for (const { data } of items) {
    const live = liveByKey.get(singletonKey(data));
    if (live?.state === "active" || (live?.state === "retry" && !cancelled.has(live.id))) toRerun.push(data.episodeId);
    else if (live?.state !== "created") toSend.push(data);
  }
  const boss = await engine();
  if (toRerun.length > 0) {
    await tx.query(`UPDATE "Episode" SET "importRerunRequested" = true, "updatedAt" = now() WHERE id = ANY($1::text[])`, [toRerun]);
  }
  if (toSend.length === 0) return;
  await boss.insert(
    toSend.map((data) => ({ name: QUEUES.import, data, ...jobOptions(data) })),
    { db: engineDb(tx) },
  );
  const sent = new Set(toSend.map((data) => data.episodeId));
  const toReset = items.filter(({ data, episode }) => sent.has(data.episodeId) && (episode.importError !== null || !isImported(episode) && episode.importState !== "queued"));
  if (toReset.length > 0) {
    await tx.query(
      `UPDATE "Episode" SET "importError" = NULL, "importErrorKind" = NULL, "updatedAt" = now(),
         "importState" = CASE WHEN "audioVersion" > 0 THEN 'ready' ELSE 'queued' END
       WHERE id = ANY($1::text[])`,
      [toReset.map(({ data }) => data.episodeId)],
    );
  }
}

/**
 * Cancels those of the jobs that are still waiting (queued or retrying), never one a worker has taken since it
 * was looked up (pg-boss's own cancel would end a running job too). Returns the ids it cancelled.
 */
async function cancelQueuedJobs(tx: Sql, ids: string[]): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE pgboss.job SET state = 'cancelled', completed_on = now()
     WHERE name = $1 AND id = ANY($2::uuid[]) AND state IN ('created', 'retry') RETURNING id::text AS id`,
    [QUEUES.import, ids],
  );
  return rows.map((row) => row.id);
}

const isImported = (episode: { importState: string; audioVersion: number }) => episode.importState === "ready" || episode.audioVersion > 0;

async function findLiveJobs(tx: Sql, keys: { connectionId: string; productionUuid: string }[]) {
  return tx.query<LiveJob & { singletonKey: string }>(
    `SELECT DISTINCT ON (singleton_key) singleton_key AS "singletonKey", id::text AS id, state::text AS state FROM pgboss.job
     WHERE name = $1 AND singleton_key = ANY($2::text[]) AND state < 'completed' ORDER BY singleton_key, created_on DESC`,
    [QUEUES.import, keys.map(singletonKey)],
  );
}

/**
 * The creator imports a production on purpose (one whose episode they deleted): a new episode, with a new guid,
 * and its import, as a delivery would make them, in the caller's transaction.
 */
export async function requestImportOfProduction(
  prismaTx: Prisma.TransactionClient,
  target: { connectionId: string; userId: string; showId: string; productionUuid: string; customData: string; productionChosenByCreator?: boolean },
) {
  const tx = sqlOfPrisma(prismaTx);
  const [episode] = await tx.query<EpisodeImportState>(
    `INSERT INTO "Episode" (id, "userId", "showId", "connectionId", "productionUuid", "customData", "productionChosenByCreator", guid, "updatedAt")
     VALUES (replace(gen_random_uuid()::text, '-', ''), $1, $2, $3, $4, $5, $6, gen_random_uuid()::text, now())
     ON CONFLICT ("connectionId", "productionUuid") DO UPDATE SET "updatedAt" = now()
     RETURNING id, "importState", "importError", "audioVersion", (xmax = 0) AS "isNew"`,
    [target.userId, target.showId, target.connectionId, target.productionUuid, target.customData, target.productionChosenByCreator ?? false],
  );
  await queueImportRuns(tx, [{ data: { connectionId: target.connectionId, productionUuid: target.productionUuid, episodeId: episode!.id }, episode: episode! }]);
  return episode!.id;
}

/** The creator's "retry" or "re-import with Auphonic's values" on an existing episode. */
export async function requestReimport(episode: { id: string; connectionId: string | null; productionUuid: string | null }, extra: Prisma.EpisodeUpdateInput = {}) {
  if (!episode.connectionId || !episode.productionUuid) throw new PermanentJobError("This episode has no Auphonic connection to import from.");
  const data = { connectionId: episode.connectionId, productionUuid: episode.productionUuid, episodeId: episode.id };
  const { db } = await import("@/lib/db");
  await db.$transaction(async (prismaTx) => {
    const tx = sqlOfPrisma(prismaTx);
    const locked = await lockEpisode(tx, episode.id);
    if (!locked) return;
    await queueImportRuns(tx, [{ data, episode: { ...locked, isNew: false } }]);
    if (Object.keys(extra).length > 0) await prismaTx.episode.update({ where: { id: episode.id }, data: extra });
  });
}

/** Fetches the next due import for this worker, or null. */
export async function fetchImportRun(): Promise<ImportRun | null> {
  const [job] = await (await engine()).fetch<ImportJobData>(QUEUES.import, { includeMetadata: true });
  if (!job) return null;
  // A fresh lease (an earlier attempt's renewals lengthened expire_in), and the fence, read as text: a JS Date
  // would drop the microseconds Postgres keeps. Only while the job still has the start this fetch gave it: if it
  // expired and another run took it in between, that run's start would otherwise become this run's fence too.
  const [row] = await poolSql.query<{ fence: string }>(
    `UPDATE pgboss.job SET expire_in = make_interval(secs => $3) WHERE name = $1 AND id = $2::uuid AND state = 'active'
       AND date_trunc('milliseconds', started_on) = date_trunc('milliseconds', $4::timestamptz)
     RETURNING started_on::text AS fence`,
    [QUEUES.import, job.id, leaseSeconds(), job.startedOn.toISOString()],
  );
  if (!row) return null; // expired or cancelled in the meantime
  return { ...job.data, jobId: job.id, fence: row.fence, attempt: job.retryCount + 1, isLastAttempt: job.retryCount >= job.retryLimit };
}

/** Keeps a long run's job from expiring: a run is silent (and its job goes back to the queue) only when it stops renewing. */
export async function renewImportLease(run: ImportRun): Promise<boolean> {
  const renewed = await poolSql.query(
    `UPDATE pgboss.job SET expire_in = (now() - started_on) + make_interval(secs => $4)
     WHERE name = $1 AND id = $2::uuid AND state = 'active' AND started_on = $3::timestamptz RETURNING 1`,
    [QUEUES.import, run.jobId, run.fence, leaseSeconds()],
  );
  return renewed.length === 1;
}

export async function markImportRunning(run: ImportRun) {
  await poolSql.query(
    `UPDATE "Episode" SET "importState" = 'importing', "updatedAt" = now() WHERE id = $1 AND EXISTS (
       SELECT 1 FROM pgboss.job WHERE name = $2 AND id = $3::uuid AND state = 'active' AND started_on = $4::timestamptz)`,
    [run.episodeId, QUEUES.import, run.jobId, run.fence],
  );
}

/**
 * Inside the run's switch transaction: checks the run still holds its job, completes it, marks the episode
 * ready and queues the re-run a delivery asked for meanwhile. Throws LostImportJobError (the switch rolls back).
 */
export async function completeImportRun(prismaTx: Prisma.TransactionClient, run: ImportRun) {
  const tx = sqlOfPrisma(prismaTx);
  const episode = await lockEpisode(tx, run.episodeId);
  await assertRunHoldsJob(tx, run);
  await (await engine()).complete(QUEUES.import, run.jobId, {}, { db: engineDb(tx) });
  if (!episode) return;
  if (episode.importRerunRequested) await sendJob(tx, run);
  await updateEpisode(tx, run.episodeId, { importState: "ready", importError: null, importErrorKind: null, importRerunRequested: false });
}

/** Ends the run as a failure; records nothing when the run had lost its job. */
export async function failImportRun(run: ImportRun, error: unknown): Promise<void> {
  const reason = describeFailure(run, error);
  const isPermanent = error instanceof PermanentJobError;
  const kind: ImportErrorKind = isPermanent && error.details.isAuphonicFailure ? "auphonic" : "podhaven";
  const isFinal = isPermanent || run.isLastAttempt;
  if (!isPermanent) console.warn(`Import ${run.productionUuid} attempt ${run.attempt} failed: ${reason}`);
  const boss = await engine();
  return withTransaction(async (tx) => {
    const episode = await lockEpisode(tx, run.episodeId);
    try {
      await assertRunHoldsJob(tx, run);
    } catch (lost) {
      if (lost instanceof LostImportJobError) return; // the job is another run's now: record nothing
      throw lost;
    }
    if (isFinal && episode?.importRerunRequested) {
      // A delivery that arrived during this run (a re-run in Auphonic, say) gets its run instead of this ending.
      await boss.complete(QUEUES.import, run.jobId, { reason }, { db: engineDb(tx) });
      await sendJob(tx, run);
      await updateEpisode(tx, run.episodeId, { importRerunRequested: false, importError: `Retrying: ${reason}`, importErrorKind: null });
      return;
    }
    // A permanent error is not retried: the engine fails a job for good once its retries are used up.
    if (isPermanent) await tx.query(`UPDATE pgboss.job SET retry_limit = retry_count WHERE name = $1 AND id = $2::uuid`, [QUEUES.import, run.jobId]);
    await boss.fail(QUEUES.import, run.jobId, { reason }, { db: engineDb(tx) });
    if (!episode) return;
    if (error instanceof PermanentJobError && error.details.isForeignDelivery) {
      await tx.query(
        `INSERT INTO "Delivery" (id, "connectionId", "httpStatus", accepted, reason, "productionUuid") VALUES (replace(gen_random_uuid()::text, '-', ''), $1, 200, false, $2, $3)`,
        [run.connectionId, reason, run.productionUuid],
      );
      // A placeholder that never held an import is removed; nothing else is touched.
      if (episode.audioVersion === 0) {
        await tx.query(`DELETE FROM "Episode" WHERE id = $1`, [run.episodeId]);
        return;
      }
    }
    await updateEpisode(
      tx,
      run.episodeId,
      isFinal
        ? { importState: "failed", importError: reason, importErrorKind: kind, importRerunRequested: false }
        : { importState: episode.audioVersion > 0 ? "ready" : "queued", importError: `Retrying: ${reason}`, importErrorKind: null },
    );
    // A final failure leaves nothing half-copied: every attempt at the next version goes (a killed run's too; the
    // current version, which may be on air, stays). While the episode row is locked, so no new run has started.
    // Best effort: a storage error must not undo the failure being recorded (the next attempt would clear it too).
    if (isFinal) {
      const prefix = importVersionAttempts(run.episodeId, episode.audioVersion + 1);
      await (await getStorage()).deletePrefix(prefix).catch((error: unknown) => console.error(`Import ${run.productionUuid}: could not remove ${prefix}:`, error));
    }
  });
}

/**
 * What the creator reads about a failed attempt. Ours are written to be read (Auphonic's answers, downloads,
 * PermanentJobError); a database's are not: the creator gets a plain sentence, the log gets the detail.
 */
function describeFailure(run: ImportRun, error: unknown): string {
  const isDatabaseError =
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof pg.DatabaseError;
  if (!isDatabaseError) return error instanceof Error ? error.message : String(error);
  console.error(`Import ${run.productionUuid} (episode ${run.episodeId}): database error`, error);
  return "Podhaven could not save this import because of an error on our side; the details are in the server log.";
}

/**
 * A job the engine failed for good without a run to say so (its worker died on the last attempt and the job
 * expired): the dead letter marks the episode failed, unless a newer import is live or it already ended.
 */
export async function recordDeadImport(data: ImportJobData, reason: string) {
  await withTransaction(async (tx) => {
    const episode = await lockEpisode(tx, data.episodeId);
    if (!episode || (await findLiveJob(tx, data))) return;
    if (episode.importRerunRequested) {
      // A delivery arrived during the run that died: it gets its run instead of this ending.
      await sendJob(tx, data);
      await updateEpisode(tx, data.episodeId, { importRerunRequested: false, importError: `Retrying: ${reason}`, importErrorKind: null });
      return;
    }
    await tx.query(
      `UPDATE "Episode" SET "importState" = 'failed', "importError" = $2, "importErrorKind" = 'podhaven', "importRerunRequested" = false, "updatedAt" = now()
       WHERE id = $1 AND "importState" IN ('queued', 'importing')`,
      [data.episodeId, reason],
    );
  });
}

/** Fetches the next dead letter and records it; false when there is none. */
export async function processNextDeadImport(): Promise<boolean> {
  const boss = await engine();
  const [job] = await boss.fetch<ImportJobData>(QUEUES.importFailed, { includeMetadata: true });
  if (!job) return false;
  await recordDeadImport(job.data, failureReasonOf(job.output as JobOutput) ?? "The import failed.");
  await boss.complete(QUEUES.importFailed, job.id);
  return true;
}

/**
 * Before an episode is deleted, in the deleting transaction: cancels its queued import. Throws when a run is
 * active, since its files would land after the deletion; the creator deletes once it has finished.
 */
export async function cancelImportForDeletion(prismaTx: Prisma.TransactionClient, episode: { id: string; connectionId: string | null; productionUuid: string | null }) {
  // Moved-in episodes (no production) have no import job: theirs ran before the episode existed.
  if (!episode.connectionId || !episode.productionUuid) return;
  const tx = sqlOfPrisma(prismaTx);
  await lockEpisode(tx, episode.id);
  const live = await findLiveJob(tx, { connectionId: episode.connectionId, productionUuid: episode.productionUuid });
  const isRunning = live?.state === "active" || (live !== null && (await cancelQueuedJobs(tx, [live.id])).length === 0);
  if (isRunning) throw new PermanentJobError("The import is running right now; delete the episode when it has finished.");
}

/** Before an account is deleted, in its transaction: every live import of the user's ends (a running one stops at its next lease renewal). */
export async function cancelImportsOfUser(prismaTx: Prisma.TransactionClient, userId: string) {
  await sqlOfPrisma(prismaTx).query(
    `UPDATE pgboss.job SET state = 'cancelled', completed_on = now()
     WHERE name = $1 AND state < 'completed' AND data->>'connectionId' IN (SELECT id FROM "Connection" WHERE "userId" = $2)`,
    [QUEUES.import, userId],
  );
}

export type ImportJobSummary = { state: "queued" | "running" | "done" | "failed" | "cancelled"; attempts: number; lastError: string | null };

/** The latest import job of an episode, for its page. */
export async function getImportJobSummary(connectionId: string, productionUuid: string): Promise<ImportJobSummary | null> {
  type Row = { state: string; retryCount: number; startedOn: Date | null; output: JobOutput };
  const [job] = await poolSql.query<Row>(
    `SELECT state::text AS state, retry_count AS "retryCount", started_on AS "startedOn", output FROM pgboss.job
     WHERE name = $1 AND singleton_key = $2 ORDER BY created_on DESC LIMIT 1`,
    [QUEUES.import, singletonKey({ connectionId, productionUuid })],
  );
  if (!job) return null;
  const states = { created: "queued", retry: "queued", active: "running", completed: "done", failed: "failed", cancelled: "cancelled" } as const;
  return {
    state: states[job.state as keyof typeof states],
    attempts: job.startedOn ? job.retryCount + 1 : job.retryCount,
    lastError: failureReasonOf(job.output),
  };
}

/** Gives a running job back to the queue at once (SIGTERM while a run is in progress); the run is fenced off. */
export async function releaseImportRun(run: ImportRun) {
  await poolSql.query(
    `UPDATE pgboss.job SET state = 'retry', start_after = now(), started_on = NULL, expire_in = make_interval(secs => $4)
     WHERE name = $1 AND id = $2::uuid AND state = 'active' AND started_on = $3::timestamptz`,
    [QUEUES.import, run.jobId, run.fence, leaseSeconds()],
  );
}

/** Starts this process's job engine now rather than at the first delivery; workers also run its maintenance. */
export async function warmUpJobEngine() {
  await engine();
}

export { stopJobEngine as stopJobEngineForProcess } from "./job-engine";
