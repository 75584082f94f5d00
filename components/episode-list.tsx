import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { StateBadge } from "@/components/state-badge";
import { describeProduction } from "@/lib/episodes/describe-production";
import { EPISODE_SORTS, EPISODE_STATES, episodeListHref, type EpisodeListQuery } from "@/lib/episodes/episode-list-query";
import type { EpisodeListRow } from "@/lib/episodes/list-episodes";
import { formatDuration } from "@/lib/episodes/parse-episode-json";
import { mediaUrl } from "@/lib/storage/media-keys";
import { DEFAULT_TIME_ZONE, formatInTimeZone } from "@/lib/users/time-zone";

type Props = {
  basePath: string;
  query: EpisodeListQuery;
  problems: string[];
  episodes: EpisodeListRow[];
  total: number;
  pageCount: number;
  showShowTitle: boolean;
  emptyHint: string;
  /** Imports waiting or running among the listed episodes' scope: the list refreshes itself while there are any. */
  importsInProgress: number;
};

/**
 * The dashboard's episode list: filter by state, search by title, sort, paginate (a plain GET form). Refreshes
 * itself while imports are in progress.
 */
export function EpisodeList({ basePath, query, problems, episodes, total, pageCount, showShowTitle, emptyHint, importsInProgress }: Props) {
  const isFiltered = query.state !== null || query.q !== "";
  const importsStatus = `${importsInProgress} import${importsInProgress === 1 ? "" : "s"} in progress`;
  return (
    <div className="flex flex-col gap-3">
      <AutoRefresh isActive={importsInProgress > 0} intervalMs={3000} status={importsStatus} />
      {importsInProgress > 0 && (
        <p className="text-sm text-sky-900" data-testid="imports-in-progress">
          {importsStatus}; this list updates by itself.
        </p>
      )}
      {problems.length > 0 && (
        <ul role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <form method="get" action={basePath} role="search" aria-label="Filter episodes" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm">
          <span className="font-medium">Search titles</span>
          <input type="search" name="q" defaultValue={query.q} maxLength={200} className="rounded-md border border-stone-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium">State</span>
          <select name="state" defaultValue={query.state ?? ""} className="rounded-md border border-stone-300 px-2 py-1.5">
            <option value="">All</option>
            {EPISODE_STATES.map((state) => (
              <option key={state} value={state}>
                {state[0]!.toUpperCase() + state.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium">Sort</span>
          <select name="sort" defaultValue={query.sort} className="rounded-md border border-stone-300 px-2 py-1.5">
            {Object.entries(EPISODE_SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-teal-700 px-3 py-1.5 font-semibold text-white">
          Apply
        </button>
        {isFiltered && (
          <Link href={basePath} className="py-1.5 text-sm text-teal-800 underline">
            Clear filters
          </Link>
        )}
      </form>

      <p className="text-sm text-stone-600" aria-live="polite">
        {total === 0 ? "" : `${total} episode${total === 1 ? "" : "s"}${isFiltered ? " match" : ""}`}
      </p>
      {episodes.length === 0 ? (
        <p className="rounded-lg bg-white p-4 shadow-sm">
          {total > 0 ? (
            <>
              This page is past the end of the list.{" "}
              <Link href={episodeListHref(basePath, query, { page: pageCount })} className="text-teal-800 underline">
                Go to page {pageCount}
              </Link>
            </>
          ) : isFiltered ? (
            "No episodes match these filters."
          ) : (
            emptyHint
          )}
        </p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Episodes">
          {episodes.map((episode) => {
            const enclosure = episode.files.find((file) => file.isEnclosure);
            const cover = episode.coverKey ? episode.files.find((file) => file.key === episode.coverKey) : undefined;
            return (
              <li key={episode.id} className="flex items-center gap-3 rounded-lg bg-white p-3 shadow-sm">
                {cover ? (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our media route
                  <img src={mediaUrl(cover.key)} alt="" width={48} height={48} loading="lazy" className="size-12 shrink-0 rounded object-cover" />
                ) : (
                  <span aria-hidden className="size-12 shrink-0 rounded bg-stone-200" />
                )}
                <div className="flex min-w-0 flex-1 flex-col gap-0.5">
                  <span className="flex flex-wrap items-center gap-2">
                    <Link href={`/episodes/${episode.id}`} className="truncate font-semibold text-teal-800 underline">
                      {describeProduction(episode)}
                    </Link>
                    <StateBadge state={episode.state} importState={episode.importState} scheduledAt={episode.scheduledAt} />
                  </span>
                  <span className="text-sm text-stone-600">
                    {showShowTitle && `${episode.show.title} · `}
                    {episode.state === "draft" && episode.scheduledAt
                      ? `Scheduled for ${formatInTimeZone(episode.scheduledAt, episode.user.timeZone ?? DEFAULT_TIME_ZONE)}`
                      : episode.publishedAt
                        ? episode.publishedAt.toISOString().slice(0, 10)
                        : "not published"}{" "}
                    · {formatDuration(episode.durationSec)}
                    {enclosure ? ` · ${(Number(enclosure.size) / 1e6).toFixed(1)} MB` : ""}
                    {episode.connection ? ` · via ${episode.connection.displayName}` : ""}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {pageCount > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {query.page > 1 ? (
            <Link href={episodeListHref(basePath, query, { page: query.page - 1 })} className="text-teal-800 underline" rel="prev">
              Previous
            </Link>
          ) : (
            <span className="text-stone-400">Previous</span>
          )}
          <span>
            Page {Math.min(query.page, pageCount)} of {pageCount}
          </span>
          {query.page < pageCount ? (
            <Link href={episodeListHref(basePath, query, { page: query.page + 1 })} className="text-teal-800 underline" rel="next">
              Next
            </Link>
          ) : (
            <span className="text-stone-400">Next</span>
          )}
        </nav>
      )}
    </div>
  );
}
