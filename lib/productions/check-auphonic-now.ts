import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consumeRateLimit, type RateLimit } from "@/lib/quotas/consume-rate-limit";
import { reconcileUser } from "@/lib/reconcile/reconcile-user";

// Each check lists the creator's productions page by page in Auphonic's API, on the creator's own token and
// request budget there: a few per hour per creator, counted across processes. The scheduled run needs none.
const CHECKS_PER_HOUR = 6;
const checkLimit: RateLimit = { name: "auphonic-check", points: CHECKS_PER_HOUR, durationSec: 3600 };

export type AuphonicCheckOutcome = { newProductions: number; imported: number; failed: number; inReview: number; listed: number };

/** "Check Auphonic now" on /auphonic: one reconciliation run for the creator, at once. */
export async function checkAuphonicNow(userId: string): Promise<AuphonicCheckOutcome> {
  const answer = await consumeRateLimit(checkLimit, userId);
  if (!answer.isAllowed) {
    const minutes = Math.max(1, Math.ceil(answer.msBeforeNext / 60_000));
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `You have checked Auphonic ${CHECKS_PER_HOUR} times this hour; Podhaven also checks on its own every few minutes. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  const before = await db.knownProduction.count({ where: { userId } });
  const report = await reconcileUser(userId);
  const after = await db.knownProduction.count({ where: { userId } });
  return { newProductions: Math.max(0, after - before), imported: report.imported.length, failed: report.failed, inReview: report.inReview, listed: report.listed };
}
