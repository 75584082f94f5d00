import "server-only";
import { rm } from "node:fs/promises";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { resolveMediaKey } from "@/lib/media/local-storage";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/** Deletes the episode, its import job and its media; a later delivery of the production starts afresh. */
export async function deleteEpisode(userId: string, episodeId: string): Promise<{ showId: string }> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  if (episode.job?.state === "running") throw new AppError("BAD_REQUEST", "The import is running right now; delete the episode when it has finished.");
  await db.$transaction([
    ...(episode.job ? [db.importJob.delete({ where: { id: episode.job.id } })] : []),
    db.episode.delete({ where: { id: episode.id } }),
  ]);
  await rm(resolveMediaKey(`episodes/${episode.id}`), { recursive: true, force: true });
  return { showId: episode.showId };
}
