import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { episodePrefix, showPrefix } from "@/lib/storage/media-keys";
import { retireMedia } from "@/lib/storage/retire-media";
import { getShowForUserOrThrow } from "./get-show-for-user";

/**
 * Deletes the show, its connections and episodes; their webhook URLs stop being accepted. Its media (cover
 * included) stops being served at once and is removed from storage after the grace period.
 */
export async function deleteShow(userId: string, showId: string): Promise<void> {
  await getShowForUserOrThrow(userId, showId);
  await db.$transaction(async (tx) => {
    const episodes = await tx.episode.findMany({ where: { showId }, select: { id: true } });
    // A moved-in show that never proved its old feed claimed nothing: its address goes free with it.
    await tx.showSlug.deleteMany({ where: { showId, show: { isVerified: false } } });
    await tx.show.delete({ where: { id: showId } });
    await retireMedia(tx, [
      { key: showPrefix(showId), showId },
      ...episodes.map((episode) => ({ key: episodePrefix(episode.id), showId, episodeId: episode.id })),
    ]);
  });
  forgetShow(showId);
}
