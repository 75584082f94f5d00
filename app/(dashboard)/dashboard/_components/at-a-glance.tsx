import Link from "next/link";
import type { RecentDownloads } from "@/lib/dashboard/count-recent-downloads";
import { RECENT_DOWNLOAD_DAYS } from "@/lib/dashboard/count-recent-downloads";
import type { findNextScheduledRelease } from "@/lib/dashboard/find-next-scheduled-release";
import { describeProduction } from "@/lib/episodes/describe-production";
import { formatInTimeZone } from "@/lib/users/time-zone";

type NextRelease = Awaited<ReturnType<typeof findNextScheduledRelease>>;

/** The next scheduled release and the last week's downloads, side by side on wide screens. */
export function AtAGlanceSection({ nextRelease, downloads, timeZone }: { nextRelease: NextRelease; downloads: RecentDownloads; timeZone: string }) {
  return (
    <section aria-label="At a glance" className="grid gap-3 sm:grid-cols-2">
      <div className="flex min-w-0 flex-col gap-1 rounded-lg bg-white p-5 shadow-sm" data-testid="next-release">
        <h2 className="text-lg font-semibold">Next release</h2>
        {nextRelease?.scheduledAt ? (
          <>
            <Link href={`/episodes/${nextRelease.id}`} className="font-semibold break-words text-teal-800 underline">
              {describeProduction(nextRelease)}
            </Link>
            <p className="text-sm break-words text-stone-600">
              {nextRelease.show.title} · <time dateTime={nextRelease.scheduledAt.toISOString()}>{formatInTimeZone(nextRelease.scheduledAt, timeZone)}</time>
            </p>
          </>
        ) : (
          <p className="text-stone-700">Nothing scheduled. Set a release time on a draft to publish it later.</p>
        )}
      </div>
      <div className="flex min-w-0 flex-col gap-1 rounded-lg bg-white p-5 shadow-sm" data-testid="recent-downloads">
        <h2 className="text-lg font-semibold">Downloads, last {RECENT_DOWNLOAD_DAYS} days</h2>
        <p className="text-2xl font-bold" data-testid="recent-downloads-total">
          {downloads.total.toLocaleString("en")}
        </p>
        {downloads.shows.length > 1 && (
          <ul className="flex flex-col text-sm" aria-label="Downloads by show">
            {downloads.shows.map((show) => (
              <li key={show.id} className="flex min-w-0 justify-between gap-3">
                <span className="min-w-0 truncate">{show.title}</span>
                <span>{show.downloads.toLocaleString("en")}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm text-stone-600">Counted by UTC day, today included; new downloads appear after the next count.</p>
      </div>
    </section>
  );
}
