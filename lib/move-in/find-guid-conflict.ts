import "server-only";
import { db } from "@/lib/db";

/**
 * Why `userId` cannot claim the podcast:guid, in words, or null when they can. Only verified shows and tombstones
 * hold guids (ShowGuid): a moved-in copy still waiting for its proof never blocks anyone.
 */
export async function findGuidConflict(userId: string, podcastGuid: string, showId: string | null = null): Promise<string | null> {
  const holder = await db.showGuid.findUnique({ where: { podcastGuid } });
  if (!holder || (holder.userId === userId && (holder.showId === null || holder.showId === showId))) return null;
  if (holder.userId === userId) return `One of your shows already holds this feed's podcast:guid (${podcastGuid}); a podcast:guid names one show. Delete that show first, then verify this one again.`;
  if (holder.userId === null) return `This feed's podcast:guid (${podcastGuid}) belonged to a show of an account that was deleted; Podhaven never gives it to another account.`;
  return `Another account's show already holds this feed's podcast:guid (${podcastGuid}): it proved first that the feed is theirs. This show cannot take that guid and stays a draft.`;
}
