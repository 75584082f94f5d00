import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requireVerifiedShow } from "@/lib/shows/require-verified-show";
import { touchShow } from "@/lib/shows/touch-show";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

type PublishOptions = {
  /** Publish only if the episode is still a draft scheduled for exactly this time, and date it then (the release job). */
  scheduledFor?: Date;
};

/**
 * Publishes (now) or unpublishes the episode; either ends a scheduled release. Returns false when `scheduledFor`
 * no longer matches (the release was moved or cancelled meanwhile), having changed nothing.
 */
export async function setEpisodePublished(userId: string, episodeId: string, isPublished: boolean, { scheduledFor }: PublishOptions = {}): Promise<boolean> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  if (isPublished && episode.audioVersion === 0) {
    throw new AppError("BAD_REQUEST", "This episode has no audio yet: wait for the import to finish.");
  }
  if (isPublished) await requireVerifiedShow(episode.showId);
  const isChanged = await db.$transaction(async (tx) => {
    // Conditional, so a release job and the creator's cancel (or a second run of the job) cannot both win.
    const { count } = await tx.episode.updateMany({
      where: scheduledFor ? { id: episode.id, state: "draft", scheduledAt: scheduledFor } : { id: episode.id },
      data: isPublished
        ? { state: "published", publishedAt: scheduledFor ?? episode.publishedAt ?? new Date(), scheduledAt: null }
        : { state: "draft", scheduledAt: null },
    });
    // An unpublished episode leaves the feed's query: the show's time moves its Last-Modified forward.
    if (count > 0) await touchShow(episode.showId, tx);
    return count > 0;
  });
  // The other processes learn it from the database's announcement (lib/cache/change-listener.ts).
  if (isChanged) forgetShow(episode.showId);
  return isChanged;
}
