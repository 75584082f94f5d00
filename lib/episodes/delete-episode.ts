import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cancelImportForDeletion } from "@/lib/jobs/import-queue";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { removeMediaPrefix } from "@/lib/media/local-storage";
import { touchShow } from "@/lib/shows/touch-show";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/** Deletes the episode, its queued import and its media; a later delivery of the production starts afresh. */
export async function deleteEpisode(userId: string, episodeId: string): Promise<{ showId: string }> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  await db
    .$transaction(async (tx) => {
      // Checked in the write, so a worker that takes the job meanwhile is never deleted from under.
      await cancelImportForDeletion(tx, episode);
      await tx.episode.delete({ where: { id: episode.id } });
      await touchShow(episode.showId, tx);
    })
    .catch((error: unknown) => {
      throw error instanceof PermanentJobError ? new AppError("BAD_REQUEST", error.message) : error;
    });
  await removeMediaPrefix(`episodes/${episode.id}`);
  return { showId: episode.showId };
}
