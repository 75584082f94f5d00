import type { Metadata } from "next";
import Link from "next/link";
import { ReconnectAuphonic } from "@/components/reconnect-auphonic";
import { requireSessionUser } from "@/lib/auth";
import { QuotaSummarySection } from "@/components/quota-summary";
import { listImportStatusForUser } from "@/lib/episodes/list-import-status-for-user";
import { getQuotaSummary } from "@/lib/quotas/get-quota-summary";
import { mediaUrl } from "@/lib/storage/media-keys";
import { listShowsForUser } from "@/lib/shows/list-shows-for-user";
import { getAuphonicAccount } from "@/lib/users/get-auphonic-account";
import { ImportStatusSection } from "./_components/import-status";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await requireSessionUser();
  const [account, shows, imports, quotas] = await Promise.all([
    getAuphonicAccount(user.id),
    listShowsForUser(user.id),
    listImportStatusForUser(user.id),
    getQuotaSummary(user.id),
  ]);
  const { deleted } = await searchParams;

  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">Dashboard</h1>
      {deleted === "show" && (
        <p role="status" className="rounded-lg border border-teal-300 bg-teal-50 px-4 py-3 text-teal-900">
          Show deleted. Remove its targets on Auphonic&rsquo;s External Services page too.
        </p>
      )}
      {account.state === "reconnect" && <ReconnectAuphonic />}
      {shows.length > 0 && <ImportStatusSection status={imports} />}
      <QuotaSummarySection summary={quotas} />
      {account.state === "unavailable" && (
        <p role="status" className="rounded-lg border border-stone-300 bg-white p-4">
          {account.message} Your shows and episodes are unaffected; reload the page to try again.
        </p>
      )}
      {account.state === "ok" && (
        <section aria-labelledby="auphonic-account" className="rounded-lg bg-white p-5 shadow-sm">
          <h2 id="auphonic-account" className="text-lg font-semibold">
            Your Auphonic account
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
            <dt className="text-stone-600">Username</dt>
            <dd data-testid="auphonic-username">{account.user.username}</dd>
            <dt className="text-stone-600">Credits left</dt>
            <dd data-testid="auphonic-credits">{formatCredits(account.user.credits)}</dd>
          </dl>
        </section>
      )}
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
              <li key={show.id} className="flex gap-3 rounded-lg bg-white p-4 shadow-sm">
                {show.coverPath && (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our media route
                  <img src={mediaUrl(show.coverPath)} alt="" width={64} height={64} className="size-16 rounded" />
                )}
                <div>
                  <Link href={`/shows/${show.id}`} className="font-semibold text-teal-800 underline">
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

function formatCredits(credits: number | null): string {
  if (credits === null) return "unknown";
  return `${credits.toLocaleString("en", { maximumFractionDigits: 2 })} hours`;
}
