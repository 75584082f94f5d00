import type { Metadata } from "next";
import { EpisodeList } from "@/components/episode-list";
import { requireSessionUser } from "@/lib/auth";
import { parseEpisodeListQuery } from "@/lib/episodes/episode-list-query";
import { listEpisodes } from "@/lib/episodes/list-episodes";
import { listImportStatusForUser } from "@/lib/episodes/list-import-status-for-user";

export const metadata: Metadata = { title: "Episodes" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EpisodesPage({ searchParams }: Props) {
  const user = await requireSessionUser();
  const { query, problems } = parseEpisodeListQuery(await searchParams);
  const [list, imports] = await Promise.all([listEpisodes(user.id, null, query), listImportStatusForUser(user.id)]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">All episodes</h1>
      <EpisodeList
        basePath="/episodes"
        query={query}
        problems={problems}
        {...list}
        showShowTitle
        importsInProgress={imports.inProgressCount}
        emptyHint="No episodes yet. They appear here when Auphonic delivers a production to one of your connections."
      />
    </div>
  );
}
