import "server-only";
import { RECONNECT_TO_IMPORT, TOKEN_REFUSED } from "@/lib/auphonic/token-failure-reasons";
import { db } from "@/lib/db";
import { requestReimport } from "@/lib/jobs/import-queue";

// The final reasons of imports that failed only because Podhaven had no working Auphonic token (their one spelling:
// lib/auphonic/token-failure-reasons.ts). Any other failure is the creator's to retry.
const TOKEN_FAILURE_REASONS = [RECONNECT_TO_IMPORT, TOKEN_REFUSED];

/**
 * After a sign-in stored a working token: the imports that failed for lack of one are queued again, as the creator's
 * "Retry import" would. Returns how many were queued. One episode's refusal does not stop the others.
 */
export async function retryImportsAwaitingToken(userId: string): Promise<number> {
  const episodes = await db.episode.findMany({
    where: {
      userId,
      importState: "failed",
      importErrorKind: "podhaven",
      importError: { in: TOKEN_FAILURE_REASONS },
      productionUuid: { not: null },
      connection: { deletedAt: null },
    },
    select: { id: true, connectionId: true, productionUuid: true },
  });
  let queued = 0;
  for (const episode of episodes) {
    try {
      await requestReimport(episode);
      queued++;
    } catch (error) {
      console.error(`Sign-in: could not queue the import of episode ${episode.id} again:`, error);
    }
  }
  return queued;
}
