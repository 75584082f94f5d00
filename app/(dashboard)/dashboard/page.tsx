import type { Metadata } from "next";
import Link from "next/link";
import { after } from "next/server";
import { ReconnectAuphonic } from "@/components/reconnect-auphonic";
import { requireSessionUser } from "@/lib/auth";
import { QuotaSummarySection } from "@/components/quota-summary";
import { countRecentDownloads } from "@/lib/dashboard/count-recent-downloads";
import { findNextScheduledRelease } from "@/lib/dashboard/find-next-scheduled-release";
import { listRecentEpisodes } from "@/lib/dashboard/list-recent-episodes";
import { listImportStatusForUser } from "@/lib/episodes/list-import-status-for-user";
import { getQuotaSummary } from "@/lib/quotas/get-quota-summary";
import { mediaUrl } from "@/lib/storage/media-keys";
import { listShowsForUser } from "@/lib/shows/list-shows-for-user";
import { getCachedAuphonicAccount } from "@/lib/users/get-cached-auphonic-account";
import { findStoredTimeZone } from "@/lib/users/get-user-time-zone";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";
import { scheduleAuphonicAccountRefresh } from "@/lib/users/schedule-auphonic-account-refresh";
import { DEFAULT_TIME_ZONE } from "@/lib/users/time-zone";
import { AtAGlanceSection } from "./_components/at-a-glance";
import { AuphonicAccountSection } from "./_components/auphonic-account";
import { ImportStatusSection } from "./_components/import-status";
import { RecentEpisodesSection } from "./_components/recent-episodes";

export const metadata: Metadata = { title: "Dashboard" };

// Nothing here waits for Auphonic: the account box shows what was last read, and old details are refreshed by a job
// queued after the page has gone out.
export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await requireSessionUser();
  const [account, shows, imports, quotas, recentEpisodes, nextRelease, storedTimeZone] = await Promise.all([
    getCachedAuphonicAccount(user.id),
    listShowsForUser(user.id),
    listImportStatusForUser(user.id),
    getQuotaSummary(user.id),
    listRecentEpisodes(user.id),
    findNextScheduledRelease(user.id),
    findStoredTimeZone(user.id),
  ]);
  const downloads = await countRecentDownloads(user.id, shows);
  const timeZone = storedTimeZone ?? DEFAULT_TIME_ZONE;
  const { deleted } = await searchParams;
  const needsReconnect = account.isRefused || user.isAuphonicTokenInvalid;
  // The background check found the token refused: as wherever Auphonic refuses it, the prompt shows now and the
  // session ends at the next request (lib/users/mark-auphonic-token-invalid.ts); signing in again reconnects.
  if (account.isRefused && !user.isAuphonicTokenInvalid) await markAuphonicTokenInvalid(user.id);
  if (account.needsRefresh) {
    after(() => scheduleAuphonicAccountRefresh(user.id).catch((error: unknown) => console.error("Dashboard: could not queue the Auphonic account refresh:", error)));
  }

  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">Dashboard</h1>
      {deleted === "show" && (
        <p role="status" className="rounded-lg border border-teal-300 bg-teal-50 px-4 py-3 text-teal-900">
          Show deleted. Remove its targets on Auphonic&rsquo;s External Services page too.
        </p>
      )}
      {needsReconnect && <ReconnectAuphonic />}
      {shows.length > 0 && <AtAGlanceSection nextRelease={nextRelease} downloads={downloads} timeZone={timeZone} />}
      {shows.length > 0 && <ImportStatusSection status={imports} />}
      {shows.length > 0 && <RecentEpisodesSection episodes={recentEpisodes} />}
      <QuotaSummarySection summary={quotas} />
      {!needsReconnect && <AuphonicAccountSection account={account} timeZone={timeZone} />}
      <section aria-labelledby="shows-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="shows-heading" className="text-xl font-semibold">
            Your shows
          </h2>
          <div className="flex flex-wrap gap-2">
            <Link href="/shows/import" className="rounded-lg border border-stone-300 bg-white px-4 py-2 font-semibold text-stone-800">
              Move a show in
            </Link>
            <Link href="/shows/new" className="rounded-lg bg-teal-700 px-4 py-2 font-semibold text-white">
              New show
            </Link>
          </div>
        </div>
        {shows.length === 0 ? (
          <p className="rounded-lg bg-white p-4 shadow-sm">No shows yet. Create one to connect it with Auphonic.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {shows.map((show) => (
              <li key={show.id} className="flex min-w-0 gap-3 rounded-lg bg-white p-4 shadow-sm">
                {show.coverPath && (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our media route
                  <img src={mediaUrl(show.coverPath)} alt="" width={64} height={64} className="size-16 rounded" />
                )}
                <div className="min-w-0">
                  <Link href={`/shows/${show.id}`} className="font-semibold break-words text-teal-800 underline">
                    {show.title}
                  </Link>
                  <p className="text-sm text-stone-600">
                    {show._count.connections} connection{show._count.connections === 1 ? "" : "s"}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
