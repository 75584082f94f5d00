import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { cancelImportsOfUser } from "@/lib/jobs/import-queue";
import { episodePrefix, showPrefix } from "@/lib/storage/media-keys";
import { retireMedia } from "@/lib/storage/retire-media";

/**
 * Deletes the user and everything of theirs: shows, connections, episodes, the delivery log, queued imports and
 * the media files. Their sessions end with them. Their shows' addresses and podcast guids stay behind as
 * tombstones (ShowSlug and ShowGuid rows whose userId the database sets null): nobody can claim them again. A moved-in
 * show's address goes free instead while its old feed was never proved (it claimed nothing).
 */
export async function deleteAccount(userId: string): Promise<void> {
  const [shows, episodes] = await Promise.all([
    db.show.findMany({ where: { userId }, select: { id: true } }),
    db.episode.findMany({ where: { userId }, select: { id: true, showId: true } }),
  ]);
  await db.$transaction(async (tx) => {
    await cancelImportsOfUser(tx, userId);
    // Moved-in shows that never proved their old feed claimed nothing: their addresses go free, not to a tombstone.
    await tx.showSlug.deleteMany({ where: { userId, show: { isVerified: false } } });
    await tx.user.delete({ where: { id: userId } });
    // Not served from now on; removed from storage after the grace period.
    await retireMedia(tx, [
      ...shows.map((show) => ({ key: showPrefix(show.id), showId: show.id })),
      ...episodes.map((episode) => ({ key: episodePrefix(episode.id), showId: episode.showId, episodeId: episode.id })),
    ]);
  });
  for (const show of shows) forgetShow(show.id);
}
