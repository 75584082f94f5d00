import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/**
 * Queues the episode's import again now (after a failure, or to take Auphonic's latest result). With
 * `takeAuphonicValues`, the creator's edits are dropped and the production is imported even if unchanged.
 */
export async function retryImport(userId: string, episodeId: string, { takeAuphonicValues = false } = {}): Promise<void> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  if (!episode.job) throw new AppError("BAD_REQUEST", "This episode has no import to retry.");
  if (episode.job.state === "running") throw new AppError("BAD_REQUEST", "The import is running right now.");
  await db.$transaction([
    db.importJob.update({
      where: { id: episode.job.id },
      data: { state: "queued", attempts: 0, runAfter: new Date(), lastError: null, leaseUntil: null },
    }),
    db.episode.update({
      where: { id: episode.id },
      data: {
        importState: episode.audioVersion > 0 ? "ready" : "queued",
        importError: null,
        ...(takeAuphonicValues ? { editedFields: "[]", productionChangeTime: null } : {}),
      },
    }),
  ]);
}
