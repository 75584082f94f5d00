import "server-only";
import { db } from "@/lib/db";

export async function listEpisodesForShow(userId: string, showId: string) {
  return db.episode.findMany({
    where: { userId, showId },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    take: 200,
    include: {
      connection: { select: { displayName: true } },
      files: { where: { isEnclosure: true }, select: { size: true } },
    },
  });
}
