import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cancelImportForDeletion } from "@/lib/jobs/import-queue";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { episodePrefix } from "@/lib/storage/media-keys";
import { retireMedia } from "@/lib/storage/retire-media";
import { touchShow } from "@/lib/shows/touch-show";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/**
 * Deletes the episode and its queued import, retires its media (lib/storage/retire-media.ts), and leaves a tombstone: a later delivery of the
 * production is logged and imports nothing, until the creator imports it again (restore-deleted-production.ts).
 */
export async function deleteEpisode(userId: string, episodeId: string): Promise<{ showId: string }> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  await db
    .$transaction(async (tx) => {
      // Checked in the write, so a worker that takes the job meanwhile is never deleted from under.
      await cancelImportForDeletion(tx, episode);
      await tx.episode.delete({ where: { id: episode.id } });
      // Its media stops being served now and is removed after the grace period.
      await retireMedia(tx, [{ key: episodePrefix(episode.id), showId: episode.showId, episodeId: episode.id }]);
      // A tombstone: Auphonic's re-deliveries of this production bring nothing back (the creator can, on purpose).
      if (episode.connectionId && episode.productionUuid) {
        await tx.deletedProduction.upsert({
          where: { connectionId_productionUuid: { connectionId: episode.connectionId, productionUuid: episode.productionUuid } },
          create: { connectionId: episode.connectionId, productionUuid: episode.productionUuid, title: episode.title },
          update: { title: episode.title, deletedAt: new Date() },
        });
      }
      await touchShow(episode.showId, tx);
    })
    .catch((error: unknown) => {
      throw error instanceof PermanentJobError ? new AppError("BAD_REQUEST", error.message) : error;
    });
  forgetShow(episode.showId);
  return { showId: episode.showId };
}
