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
  const jobId = episode.job.id;
  await db.$transaction(async (tx) => {
    // Checked in the write: a job the worker holds right now is asked to run once more when it finishes.
    const requeued = await tx.importJob.updateMany({
      where: { id: jobId, state: { not: "running" } },
      data: { state: "queued", attempts: 0, runAfter: new Date(), lastError: null, leaseUntil: null },
    });
    if (requeued.count === 0) await tx.importJob.update({ where: { id: jobId }, data: { rerunRequested: true } });
    await tx.episode.update({
      where: { id: episode.id },
      data: {
        ...(requeued.count === 1 ? { importState: episode.audioVersion > 0 ? "ready" : "queued", importError: null } : {}),
        ...(takeAuphonicValues ? { editedFields: "[]", productionChangeTime: null } : {}),
      },
    });
  });
}
