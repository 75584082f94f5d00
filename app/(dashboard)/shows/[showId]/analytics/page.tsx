import type { Metadata } from "next";
import Link from "next/link";
import { CHART_DAYS, getShowAnalytics, type ShowAnalytics } from "@/lib/analytics/get-show-analytics";
import { requireSessionUser } from "@/lib/auth";
import { getShowOr404 } from "@/lib/shows/get-show-or-404";
import { DownloadsChart } from "./_components/downloads-chart";
import { NumbersTable } from "./_components/numbers-table";

export const metadata: Metadata = { title: "Analytics" };

type Props = { params: Promise<{ showId: string }> };

const number = new Intl.NumberFormat("en");

export default async function ShowAnalyticsPage({ params }: Props) {
  const user = await requireSessionUser();
  const show = await getShowOr404(user.id, (await params).showId);
  const analytics = await getShowAnalytics(user.id, show.id);
  const last30 = analytics.days.reduce((sum, day) => sum + day.downloads, 0);

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-2">
        <p className="text-sm">
          <Link href={`/shows/${show.id}`} className="text-teal-800 underline">
            {show.title}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">Analytics</h1>
        <p className="text-stone-700">
          Downloads counted the way the podcast industry counts them (IAB Podcast Measurement): one per listener and episode
          per day, at least a minute of audio, bots and crawlers left out.
        </p>
        <CountStatus analytics={analytics} />
        <dl className="flex flex-wrap gap-6">
          <div>
            <dt className="text-sm text-stone-600">All time</dt>
            <dd className="text-2xl font-semibold" data-testid="downloads-total">{number.format(analytics.total)}</dd>
          </div>
          <div>
            <dt className="text-sm text-stone-600">Last {CHART_DAYS} days</dt>
            <dd className="text-2xl font-semibold">{number.format(last30)}</dd>
          </div>
        </dl>
        <p>
          <a href={`/shows/${show.id}/analytics/downloads.csv`} className="text-teal-800 underline" download>
            Download CSV (one row per episode)
          </a>
        </p>
      </header>

      <section aria-labelledby="per-day-heading" className="flex flex-col gap-3">
        <h2 id="per-day-heading" className="text-xl font-semibold">
          Downloads per day (UTC), last {CHART_DAYS} days
        </h2>
        <div className="rounded-lg bg-white p-4 shadow-sm">
          <DownloadsChart days={analytics.days} />
        </div>
        <details className="rounded-lg bg-white p-4 shadow-sm">
          <summary className="cursor-pointer font-medium">The same numbers as a table</summary>
          <div className="mt-3">
            <NumbersTable
              testId="downloads-per-day"
              caption="Downloads per day"
              columns={["Day", "Downloads"]}
              rows={analytics.days.map((day) => ({ key: day.day, label: day.day, values: [number.format(day.downloads)] }))}
            />
          </div>
        </details>
      </section>

      <section aria-labelledby="episodes-heading" className="flex flex-col gap-3">
        <h2 id="episodes-heading" className="text-xl font-semibold">
          Per episode
        </h2>
        {analytics.episodes.length === 0 ? (
          <p className="rounded-lg bg-white p-4 shadow-sm">No published episodes yet.</p>
        ) : (
          <div className="rounded-lg bg-white p-4 shadow-sm">
            <NumbersTable
              testId="downloads-per-episode"
              caption="Downloads per episode: in its first 7 and 30 days after publishing, and all time"
              columns={["Episode", "First 7 days", "First 30 days", "All time"]}
              rows={analytics.episodes.map((episode) => ({
                key: episode.id,
                label: (
                  <Link href={`/episodes/${episode.id}`} className="text-teal-800 underline">
                    {episode.title || "Untitled episode"}
                  </Link>
                ),
                values: [episode.downloads7d, episode.downloads30d, episode.downloadsTotal].map((count) => number.format(count)),
              }))}
            />
          </div>
        )}
      </section>

      <section aria-labelledby="apps-heading" className="flex flex-col gap-3">
        <h2 id="apps-heading" className="text-xl font-semibold">
          Top apps
        </h2>
        {analytics.apps.length === 0 ? (
          <p className="rounded-lg bg-white p-4 shadow-sm">No downloads yet.</p>
        ) : (
          <div className="rounded-lg bg-white p-4 shadow-sm">
            <NumbersTable
              testId="downloads-per-app"
              caption="Downloads per app, all time"
              columns={["App", "Downloads", "Share"]}
              rows={analytics.apps.map((app) => ({
                key: app.app,
                label: app.app,
                values: [number.format(app.downloads), `${Math.round((app.downloads / analytics.total) * 100)} %`],
              }))}
            />
          </div>
        )}
      </section>
    </div>
  );
}

/** Says when downloads were last counted and what waits, so that a 0 right after publishing is not a mystery. */
function CountStatus({ analytics }: { analytics: ShowAnalytics }) {
  const every = Math.max(1, Math.round(analytics.rollUpEveryMs / 60_000));
  const cadence = `Downloads are counted every ${every === 1 ? "minute" : `${every} minutes`}`;
  if (!analytics.countedUntil || analytics.minutesSinceCount === null) {
    return <p className="text-stone-700" data-testid="count-status">{cadence}; the first count has not run yet. Requests for your audio are kept until then.</p>;
  }
  const minutes = analytics.minutesSinceCount;
  const when = minutes === 0 ? "less than a minute ago" : minutes === 1 ? "1 minute ago" : `${number.format(minutes)} minutes ago`;
  const time = analytics.countedUntil.toISOString().slice(11, 16);
  return (
    <p className="text-stone-700" data-testid="count-status">
      {cadence}; last counted {when} ({time} UTC).{" "}
      {analytics.waitingRequests > 0
        ? `${number.format(analytics.waitingRequests)} ${analytics.waitingRequests === 1 ? "request" : "requests"} for your audio since then will be counted at the next run (bots and previews of less than a minute are left out).`
        : analytics.total === 0
          ? "Nothing downloaded yet: a download counts once a podcast app or browser fetches at least a minute of an episode's audio."
          : ""}
    </p>
  );
}
