import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { sql, sqlOfPrisma, withTransaction, type Sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { isAppError } from "@/lib/errors";
import { getJobEngine, QUEUES, type EngineDb } from "./job-engine";

// The hand-over of a production created from Podhaven (lib/produce/): one job per production, keyed by its uuid, so
// producing twice queues nothing twice. A run that throws is retried with the import's backoff
// (IMPORT_RETRY_BASE_MS, IMPORT_MAX_ATTEMPTS): the handler (lib/produce/hand-over-production.ts) throws when another
// attempt may succeed (Auphonic unreachable or answering 429, an unexpected error of ours) and records every other
// outcome itself; an error with `retryAfterMs` (a 429's Retry-After) holds the next attempt back at least that long.
// A job silent for longer than an upload may take expires and is given out again.

export type HandoverJobData = { userId: string; productionUuid: string };
export type HandoverRun = HandoverJobData & { attempt: number; isLastAttempt: boolean };

const engine = () => getJobEngine(env.databaseUrl!);
const engineDb = (tx: Sql): EngineDb => ({ executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) });

/** Queues the hand-over inside the caller's transaction: it exists exactly when the production's record does. */
export async function queueHandover(prismaTx: Prisma.TransactionClient, data: HandoverJobData): Promise<void> {
  await (await engine()).send(QUEUES.handover, data, {
    db: engineDb(sqlOfPrisma(prismaTx)),
    singletonKey: data.productionUuid,
    retryLimit: env.importMaxAttempts - 1,
    retryDelay: Math.round(env.importRetryBaseMs / 1000),
    retryBackoff: env.importRetryBaseMs >= 500,
    // The upload may take up to FETCH_DEADLINE_MS, then the start: give it that and a margin before it counts as lost.
    expireInSeconds: Math.ceil(env.fetchDeadlineMs / 1000) + 120,
  });
}

/**
 * Fetches the next due hand-over and runs `handle` on it; a throw is a failed attempt (retried until the last).
 * Returns false when there was nothing to do.
 */
export async function runNextHandover(handle: (run: HandoverRun) => Promise<void>): Promise<boolean> {
  const boss = await engine();
  const [job] = await boss.fetch<HandoverJobData>(QUEUES.handover, { includeMetadata: true });
  if (!job) return false;
  const run: HandoverRun = {
    userId: String(job.data.userId),
    productionUuid: String(job.data.productionUuid),
    attempt: job.retryCount + 1,
    isLastAttempt: job.retryCount >= job.retryLimit,
  };
  try {
    await handle(run);
    await boss.complete(QUEUES.handover, job.id);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryAfterMs = isAppError(error) ? error.retryAfterMs : null;
    await withTransaction(async (tx) => {
      await boss.fail(QUEUES.handover, job.id, { reason }, { db: engineDb(tx) });
      if (retryAfterMs === null) return;
      // pg-boss set the retry's time from its backoff; Auphonic's Retry-After may ask for longer.
      await tx.query(
        `UPDATE pgboss.job SET start_after = GREATEST(start_after, now() + make_interval(secs => $3)) WHERE name = $1 AND id = $2::uuid AND state = 'retry'`,
        [QUEUES.handover, job.id, retryAfterMs / 1000],
      );
    });
  }
  return true;
}

/**
 * Whether a production's hand-over is still queued, waiting for a retry or running. False once it ended: its handler
 * recorded the outcome, or the engine failed it without one (a worker that died on the last attempt).
 */
export async function hasLiveHandover(productionUuid: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`, [QUEUES.handover, productionUuid]);
  return rows.length > 0;
}
