import "server-only";
import { sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { isAppError } from "@/lib/errors";
import { cancelScheduledJobs, defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { nextReconcileDelay } from "./next-reconcile-delay";
import { RECONCILE_RUN_DEADLINE_MS, reconcileUser } from "./reconcile-user";

const KIND = "auphonic-reconcile";
// A run ends by its deadline, plus the last request's own time limit (15 s) and the recording: the job engine
// hands it out again only after this, never while it still runs.
const EXPIRE_IN_SECONDS = Math.ceil(RECONCILE_RUN_DEADLINE_MS / 1000) + 5 * 60;

/**
 * Keeps one pending reconciliation of the creator, at `at` (default: now); false when one is pending already (the
 * job's key is the user's id). Called after sign-in stores a token, by workers at start, and by each run for the
 * next one; AuphonicSync.nextRunAt says when. `replaceLater`: a pending one due after `at` gives way (a sign-in's
 * run now must not wait for the schedule's next, or for a backoff); workers starting keep it, backoff included.
 */
export async function scheduleReconciliation(
  userId: string,
  { at = new Date(), replaceLater = false }: { at?: Date; replaceLater?: boolean } = {},
): Promise<boolean> {
  // The key is the whole user id: cuids have one length, so no other creator's key starts with it.
  if (replaceLater) await cancelScheduledJobs(KIND, userId, { dueAfter: at });
  // Its own queue: runs of many creators, each up to minutes long, never wait behind housekeeping nor hold it back.
  // Runs queued on the housekeeping queue by an earlier version still run there (the handler is per kind).
  const isScheduled = await scheduleJob(KIND, { userId }, at, { key: userId, queue: "reconcile", expireInSeconds: EXPIRE_IN_SECONDS });
  if (isScheduled) await recordNextRun(userId, at);
  return isScheduled;
}

async function recordNextRun(userId: string, at: Date | null) {
  await sql.query(
    `INSERT INTO "AuphonicSync" ("userId", "nextRunAt") SELECT id, $2::timestamptz AT TIME ZONE 'UTC' FROM "User" WHERE id = $1
     ON CONFLICT ("userId") DO UPDATE SET "nextRunAt" = EXCLUDED."nextRunAt"`,
    [userId, at?.toISOString() ?? null],
  );
}

// A run never fails its job: its error is recorded (AuphonicSync) and the next run comes later, after backoff; a
// creator whose token Auphonic refused is left alone until they sign in again.
defineScheduledJob(KIND, async (data, signal) => {
  const userId = typeof data.userId === "string" ? data.userId : null;
  if (!userId) return;
  let retryAfterMs: number | null = null;
  try {
    const report = await reconcileUser(userId, { signal });
    if (report.imported.length > 0) {
      console.log(`Reconciliation of ${userId}: found without their webhook and queued for import: ${report.imported.map((item) => item.productionUuid).join(", ")}.`);
    }
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) return recordNextRun(userId, null);
    if (isAppError(error, "RATE_LIMITED")) retryAfterMs = error.retryAfterMs;
  }
  const [sync] = await sql.query<{ failures: number }>(`SELECT failures FROM "AuphonicSync" WHERE "userId" = $1`, [userId]);
  if (!sync) return; // the account was deleted meanwhile
  const delayMs = nextReconcileDelay({ intervalMs: env.auphonicReconcileMs, failures: sync.failures, retryAfterMs });
  await scheduleReconciliation(userId, { at: new Date(Date.now() + delayMs) });
});
