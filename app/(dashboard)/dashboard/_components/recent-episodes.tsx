import Link from "next/link";
import { StateBadge } from "@/components/state-badge";
import type { RecentEpisode } from "@/lib/dashboard/list-recent-episodes";
import { describeProduction } from "@/lib/episodes/describe-production";

/** The newest episodes across shows, with show and state; the full list is one link away. */
export function RecentEpisodesSection({ episodes }: { episodes: RecentEpisode[] }) {
  return (
    <section aria-labelledby="recent-episodes-heading" className="flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm" data-testid="recent-episodes">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="recent-episodes-heading" className="text-lg font-semibold">
          Recent episodes
        </h2>
        <Link href="/episodes" className="text-sm text-teal-800 underline">
          All episodes
        </Link>
      </div>
      {episodes.length === 0 ? (
        <p className="text-stone-700">No episodes yet. A production finished in Auphonic for one of your shows appears here.</p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Recent episodes">
          {episodes.map((episode) => (
            <li key={episode.id} className="flex min-w-0 flex-col gap-0.5">
              <span className="flex min-w-0 flex-wrap items-center gap-2">
                <Link href={`/episodes/${episode.id}`} className="min-w-0 font-semibold break-words text-teal-800 underline">
                  {describeProduction(episode)}
                </Link>
                <StateBadge state={episode.state} importState={episode.importState} scheduledAt={episode.scheduledAt} />
              </span>
              <span className="text-sm break-words text-stone-600">{episode.show.title}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
