import "server-only";
import { db } from "@/lib/db";

/** A published, imported episode of the show with this slug, or null: drafts (and a moved-in show not yet verified) are never public. */
export async function getPublicEpisode(showSlug: string, episodeId: string) {
  return db.episode.findFirst({
    where: { id: episodeId, state: "published", audioVersion: { gt: 0 }, show: { slug: showSlug, isVerified: true } },
    include: { files: true, show: true },
  });
}
