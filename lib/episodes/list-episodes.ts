import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { EPISODES_PER_PAGE, type EpisodeListQuery } from "./episode-list-query";
import { IMPORT_STATES_IN_PROGRESS } from "./list-import-status-for-user";

const ORDER: Record<EpisodeListQuery["sort"], Prisma.EpisodeOrderByWithRelationInput[]> = {
  newest: [{ publishedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  oldest: [{ publishedAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
  title: [{ title: "asc" }, { createdAt: "desc" }],
  longest: [{ durationSec: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
};

function stateFilter(state: EpisodeListQuery["state"]): Prisma.EpisodeWhereInput {
  if (state === "published") return { state, importState: "ready" };
  // A scheduled episode is a draft with a release time; "draft" lists the others.
  if (state === "scheduled") return { state: "draft", scheduledAt: { not: null }, importState: "ready" };
  if (state === "draft") return { state, scheduledAt: null, importState: "ready" };
  if (state === "importing") return { importState: { in: IMPORT_STATES_IN_PROGRESS } };
  if (state === "failed") return { importState: "failed" };
  return {};
}

/** One page of the user's episodes (of one show, or of all), filtered, searched by title and sorted. */
export async function listEpisodes(userId: string, showId: string | null, query: EpisodeListQuery) {
  const where: Prisma.EpisodeWhereInput = {
    userId,
    ...(showId ? { showId } : {}),
    ...stateFilter(query.state),
    ...(query.q ? { title: { contains: query.q, mode: "insensitive" } } : {}),
  };
  const [total, episodes] = await Promise.all([
    db.episode.count({ where }),
    db.episode.findMany({
      where,
      orderBy: ORDER[query.sort],
      skip: (query.page - 1) * EPISODES_PER_PAGE,
      take: EPISODES_PER_PAGE,
      omit: { transcript: true },
      include: {
        show: { select: { id: true, title: true } },
        // Release times are shown in the creator's zone (UTC until they have one).
        user: { select: { timeZone: true } },
        connection: { select: { displayName: true } },
        files: { where: { OR: [{ isEnclosure: true }, { kind: { in: ["cover", "artwork"] } }] }, select: { key: true, size: true, isEnclosure: true, kind: true } },
      },
    }),
  ]);
  return { episodes, total, pageCount: Math.max(1, Math.ceil(total / EPISODES_PER_PAGE)) };
}

export type EpisodeListRow = Awaited<ReturnType<typeof listEpisodes>>["episodes"][number];
