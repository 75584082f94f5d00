import "server-only";
import { db } from "@/lib/db";
import { feedUrl } from "./feed-urls";
import { podcastGuidForFeedUrl } from "./podcast-guid";

/** The show's podcast:guid, assigned from its feed URL the first time and never changed afterwards. */
export async function ensurePodcastGuid(show: { id: string; slug: string; podcastGuid: string | null }): Promise<string> {
  if (show.podcastGuid) return show.podcastGuid;
  const podcastGuid = podcastGuidForFeedUrl(feedUrl(show.slug));
  // Raw, so updatedAt stays: the feed's ETag depends on it, and assigning the guid changes nothing it shows.
  await db.$executeRaw`UPDATE "Show" SET "podcastGuid" = ${podcastGuid} WHERE id = ${show.id} AND "podcastGuid" IS NULL`;
  const stored = await db.show.findUniqueOrThrow({ where: { id: show.id }, select: { podcastGuid: true } });
  return stored.podcastGuid ?? podcastGuid;
}
