import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { sql, sqlOfPrisma } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { getJobEngine, QUEUES, type EngineDb } from "./job-engine";

// The hand-over of a production created from Podhaven (lib/produce/): one job per production, keyed by its uuid, so
// producing twice queues nothing twice. A run that throws is retried with the import's backoff
// (IMPORT_RETRY_BASE_MS, IMPORT_MAX_ATTEMPTS): the handler (lib/produce/hand-over-production.ts) throws when another
// attempt may succeed (Auphonic unreachable, an unexpected error of ours) and records every other outcome itself. A
// job silent for longer than an upload may take expires and is given out again.

export type HandoverJobData = { userId: string; productionUuid: string };
export type HandoverRun = HandoverJobData & { attempt: number; isLastAttempt: boolean };

const engine = () => getJobEngine(env.databaseUrl!);

/** Queues the hand-over inside the caller's transaction: it exists exactly when the production's record does. */
export async function queueHandover(prismaTx: Prisma.TransactionClient, data: HandoverJobData): Promise<void> {
  const tx = sqlOfPrisma(prismaTx);
  const db: EngineDb = { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) };
  await (await engine()).send(QUEUES.handover, data, {
    db,
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
    await boss.fail(QUEUES.handover, job.id, { reason: error instanceof Error ? error.message : String(error) });
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
