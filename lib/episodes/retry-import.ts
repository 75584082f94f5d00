import "server-only";
import { AppError } from "@/lib/errors";
import { requestReimport } from "@/lib/jobs/import-queue";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/**
 * Queues the episode's import again now (after a failure, or to take Auphonic's latest result); a running import
 * runs once more when it ends. With `takeAuphonicValues`, the creator's edits are dropped and the production is
 * imported even if unchanged.
 */
export async function retryImport(userId: string, episodeId: string, { takeAuphonicValues = false } = {}): Promise<void> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  if (!episode.connectionId) throw new AppError("BAD_REQUEST", "This episode has no Auphonic connection to import from.");
  await requestReimport(episode, takeAuphonicValues ? { editedFields: "[]", productionChangeTime: null } : {});
}
