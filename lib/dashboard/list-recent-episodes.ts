import "server-only";
import { db } from "@/lib/db";

export const RECENT_EPISODES = 5;

/** The creator's newest episodes across shows (by when they arrived), with their show and state, for the dashboard. */
export async function listRecentEpisodes(userId: string) {
  return db.episode.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: RECENT_EPISODES,
    select: {
      id: true,
      title: true,
      productionUuid: true,
      state: true,
      importState: true,
      scheduledAt: true,
      publishedAt: true,
      createdAt: true,
      show: { select: { id: true, title: true } },
    },
  });
}

export type RecentEpisode = Awaited<ReturnType<typeof listRecentEpisodes>>[number];
