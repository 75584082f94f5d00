import "server-only";
import { AppError } from "@/lib/errors";
import { requestReimport } from "@/lib/jobs/import-queue";
import { findImportRetryRefusal } from "./find-import-retry-refusal";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/**
 * Queues the episode's import again now (after a failure, or to take Auphonic's latest result); a running import
 * runs once more when it ends. With `takeAuphonicValues`, the creator's edits are dropped and the production is
 * imported even if unchanged. Refused when the import failed inside Auphonic (lib/episodes/find-import-retry-refusal.ts).
 */
export async function retryImport(userId: string, episodeId: string, { takeAuphonicValues = false } = {}): Promise<void> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  const refusal = findImportRetryRefusal(episode);
  if (refusal !== null) throw new AppError("BAD_REQUEST", refusal);
  await requestReimport(episode, takeAuphonicValues ? { editedFields: "[]", productionChangeTime: null } : {});
}
