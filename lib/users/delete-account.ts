import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { cancelImportsOfUser } from "@/lib/jobs/import-queue";
import { episodePrefix, showPrefix } from "@/lib/storage/media-keys";
import { getStorage } from "@/lib/storage/media-storage";
import { MEDIA_GRACE_DAYS, retireMedia } from "@/lib/storage/retire-media";

const GRACE_MS = MEDIA_GRACE_DAYS * 24 * 60 * 60 * 1000;

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
  const folders = [
    ...shows.map((show) => ({ key: showPrefix(show.id), showId: show.id })),
    ...episodes.map((episode) => ({ key: episodePrefix(episode.id), showId: episode.showId, episodeId: episode.id })),
  ];
  await db.$transaction(async (tx) => {
    await cancelImportsOfUser(tx, userId);
    // Moved-in shows that never proved their old feed claimed nothing: their addresses go free, not to a tombstone.
    await tx.showSlug.deleteMany({ where: { userId, show: { isVerified: false } } });
    await tx.user.delete({ where: { id: userId } });
    // The creator asked for everything to go, so no grace period (unlike a re-import's old version): the folders are
    // removed below, once the deletion is committed; these records, due at once, are the hourly job's fallback for
    // any that storage fails to remove now.
    await retireMedia(tx, folders, new Date(Date.now() - GRACE_MS));
  });
  for (const show of shows) forgetShow(show.id);
  await removeFolders(folders.map((folder) => folder.key), `uploads/${userId}/`);
}

/** Best effort: a storage error is logged, and the retired record stays for the hourly job to try again. */
async function removeFolders(retired: string[], uploads: string) {
  const storage = await getStorage();
  for (const prefix of retired) {
    try {
      await storage.deletePrefix(prefix);
      await db.retiredMedia.deleteMany({ where: { key: prefix } });
    } catch (error) {
      console.error(`Account deletion: could not remove ${prefix} now; the hourly media job tries again:`, error);
    }
  }
  // Staged uploads (lib/uploads/upload-limits.ts) are nobody's once their rows are gone with the user.
  await storage.deletePrefix(uploads).catch((error: unknown) => console.error(`Account deletion: could not remove ${uploads}:`, error));
}
