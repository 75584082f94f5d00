import "server-only";
import { db } from "@/lib/db";
import { requestReimport } from "@/lib/jobs/import-queue";

// The final reasons of imports that failed only because Podhaven had no working Auphonic token: the token was
// missing or refused when the run asked Auphonic for the production (lib/episodes/import-production.ts), or when it
// downloaded a result (lib/auphonic/open-result-download.ts). Any other failure is the creator's to retry.
const TOKEN_FAILURE_REASONS = ["Reconnect your Auphonic account, then retry the import.", "Auphonic refused the token."];

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
