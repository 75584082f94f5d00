import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { touchShow } from "@/lib/shows/touch-show";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

export async function setEpisodePublished(userId: string, episodeId: string, isPublished: boolean): Promise<void> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  if (isPublished && episode.audioVersion === 0) {
    throw new AppError("BAD_REQUEST", "This episode has no audio yet: wait for the import to finish.");
  }
  await db.$transaction([
    db.episode.update({
      where: { id: episode.id },
      data: isPublished ? { state: "published", publishedAt: episode.publishedAt ?? new Date() } : { state: "draft" },
    }),
    // An unpublished episode leaves the feed's query: the show's time moves its Last-Modified forward.
    touchShow(episode.showId),
  ]);
  // The other processes learn it from the database's announcement (lib/cache/change-listener.ts).
  forgetShow(episode.showId);
}
