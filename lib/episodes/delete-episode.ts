import "server-only";
import { rm } from "node:fs/promises";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { resolveMediaKey } from "@/lib/media/local-storage";
import { touchShow } from "@/lib/shows/touch-show";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/** Deletes the episode, its import job and its media; a later delivery of the production starts afresh. */
export async function deleteEpisode(userId: string, episodeId: string): Promise<{ showId: string }> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  const isRunning = () => new AppError("BAD_REQUEST", "The import is running right now; delete the episode when it has finished.");
  await db.$transaction(async (tx) => {
    // Checked in the write, so a worker that claims the job meanwhile is never deleted from under.
    if (episode.job) {
      const removed = await tx.importJob.deleteMany({ where: { id: episode.job.id, state: { not: "running" } } });
      if (removed.count === 0) throw isRunning();
    }
    await tx.episode.delete({ where: { id: episode.id } });
    await touchShow(episode.showId, tx);
  });
  await rm(resolveMediaKey(`episodes/${episode.id}`), { recursive: true, force: true });
  return { showId: episode.showId };
}
