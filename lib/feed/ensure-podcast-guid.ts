import "server-only";
import { db } from "@/lib/db";
import { assignPodcastGuid } from "@/lib/shows/assign-podcast-guid";

/** The show's podcast:guid, assigned the first time (a show made before guids were assigned at creation) and kept. */
export async function ensurePodcastGuid(show: { id: string; userId: string; slug: string; podcastGuid: string | null }): Promise<string> {
  if (show.podcastGuid) return show.podcastGuid;
  await db.$transaction(async (tx) => {
    const podcastGuid = await assignPodcastGuid(tx, show.userId, show.id, show.slug);
    // Raw, so updatedAt stays: the feed's ETag depends on it, and assigning the guid changes nothing it shows.
    await tx.$executeRaw`UPDATE "Show" SET "podcastGuid" = ${podcastGuid} WHERE id = ${show.id} AND "podcastGuid" IS NULL`;
  });
  const stored = await db.show.findUniqueOrThrow({ where: { id: show.id }, select: { podcastGuid: true } });
  return stored.podcastGuid!;
}
