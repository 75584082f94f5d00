import "server-only";
import { db } from "@/lib/db";

/** The newest published, imported episode of the show with this slug, or null. */
export async function getLatestPublicEpisode(showSlug: string) {
  return db.episode.findFirst({
    where: { state: "published", audioVersion: { gt: 0 }, show: { slug: showSlug, isVerified: true } },
    orderBy: { publishedAt: "desc" },
    include: { files: true, show: true },
  });
}
