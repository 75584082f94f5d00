import "server-only";
import { db } from "@/lib/db";
import { cancelImportsOfUser } from "@/lib/jobs/import-queue";
import { removeMediaPrefix } from "@/lib/media/local-storage";

/**
 * Deletes the user and everything of theirs: shows (their addresses too), connections, episodes, the delivery
 * log, queued imports and the media files. Their sessions end with them.
 */
export async function deleteAccount(userId: string): Promise<void> {
  const [shows, episodes] = await Promise.all([
    db.show.findMany({ where: { userId }, select: { id: true } }),
    db.episode.findMany({ where: { userId }, select: { id: true } }),
  ]);
  await db.$transaction(async (tx) => {
    await cancelImportsOfUser(tx, userId);
    await tx.user.delete({ where: { id: userId } });
  });
  for (const show of shows) await removeMediaPrefix(`shows/${show.id}`);
  for (const episode of episodes) await removeMediaPrefix(`episodes/${episode.id}`);
}
