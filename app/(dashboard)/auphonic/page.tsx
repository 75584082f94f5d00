import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth";
import { getAuphonicSyncStatus } from "@/lib/productions/get-auphonic-sync-status";
import { listImportTargets } from "@/lib/productions/list-import-targets";
import { listRecentProductions, type RecentProduction } from "@/lib/productions/list-recent-productions";
import { getUserTimeZone } from "@/lib/users/get-user-time-zone";
import { formatInTimeZone } from "@/lib/users/time-zone";
import { CheckNowForm } from "./_components/check-now-form";
import { ImportIntoForm } from "./_components/import-into-form";

export const metadata: Metadata = { title: "Auphonic" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS_STYLES: Record<RecentProduction["status"]["kind"], string> = {
  done: "bg-teal-100 text-teal-900",
  failed: "bg-red-100 text-red-900",
  "in-review": "bg-amber-100 text-amber-900",
  "not-started": "bg-stone-200 text-stone-800",
  processing: "bg-sky-100 text-sky-900",
};

const IMPORT_STATES: Record<string, string> = { queued: "import queued", importing: "importing…", ready: "imported", failed: "import failed" };

/** A page number from the query string; anything else (a list, text, a huge number) is page 1. */
function parsePage(value: string | string[] | undefined): number {
  return typeof value === "string" && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : 1;
}

export default async function AuphonicPage({ searchParams }: Props) {
  const user = await requireSessionUser();
  const page = parsePage((await searchParams).page);
  const [list, targets, sync, timeZone] = await Promise.all([
    listRecentProductions(user.id, page),
    listImportTargets(user.id),
    getAuphonicSyncStatus(user.id),
    getUserTimeZone(user.id),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-bold">Your Auphonic productions</h1>
        <p className="text-stone-700">
          What Podhaven last saw in your Auphonic account: each production, where Auphonic was to send it, and whether it became an episode
          here. Podhaven checks on its own every few minutes, so an episode is not missed when a webhook is.
        </p>
      </div>

      <section aria-labelledby="sync-heading" className="flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm" data-testid="auphonic-sync">
        <h2 id="sync-heading" className="text-lg font-semibold">
          Checking Auphonic
        </h2>
        <p data-testid="last-checked">
          {sync.lastSuccessAt ? `Last checked: ${formatInTimeZone(sync.lastSuccessAt, timeZone)}.` : "Not checked yet."}
          {sync.nextRunAt && ` Next check: ${formatInTimeZone(sync.nextRunAt, timeZone)}.`}
        </p>
        {sync.lastError && (
          <p className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900" data-testid="last-check-error">
            The last check{sync.lastRunAt ? ` (${formatInTimeZone(sync.lastRunAt, timeZone)})` : ""} failed: {sync.lastError}
          </p>
        )}
        <CheckNowForm />
      </section>

      <section aria-labelledby="productions-heading" className="flex flex-col gap-3">
        <h2 id="productions-heading" className="text-lg font-semibold">
          Productions{list.total > 0 ? ` (${list.total})` : ""}
        </h2>
        {list.productions.length === 0 ? (
          <p className="text-stone-700">No productions known yet. Press “Check Auphonic now” to load your recent ones.</p>
        ) : (
          <ul className="flex flex-col gap-3" aria-label="Productions" data-testid="productions">
            {list.productions.map((production) => (
              <ProductionItem key={production.uuid} production={production} timeZone={timeZone} targets={targets} />
            ))}
          </ul>
        )}
        {list.pageCount > 1 && (
          <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
            {list.page > 1 && (
              <Link href={`/auphonic?page=${list.page - 1}`} className="text-teal-800 underline">
                ← Newer
              </Link>
            )}
            <span>
              Page {list.page} of {list.pageCount}
            </span>
            {list.page < list.pageCount && (
              <Link href={`/auphonic?page=${list.page + 1}`} className="text-teal-800 underline">
                Older →
              </Link>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}

function ProductionItem({ production, timeZone, targets }: { production: RecentProduction; timeZone: string; targets: { connectionId: string; label: string }[] }) {
  const title = production.title.trim() || `Production ${production.uuid}`;
  return (
    <li className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm" data-testid="production" data-production-uuid={production.uuid}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <Link href={`/auphonic/productions/${production.uuid}`} className="font-semibold break-words text-teal-800 underline">
          {title}
        </Link>
        <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLES[production.status.kind]}`} data-testid="production-status">
          {production.status.text}
        </span>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-stone-600">Created</dt>
        <dd>{formatInTimeZone(production.date, timeZone)}</dd>
        <dt className="text-stone-600">Sent to</dt>
        <dd data-testid="production-sent-to">{production.sentTo.length === 0 ? "no publishing target" : production.sentTo.map((target) => target.label).join(", ")}</dd>
        <dt className="text-stone-600">Episode</dt>
        <dd data-testid="production-episode">
          {production.episodes.length === 0 ? (
            "not an episode here"
          ) : (
            <ul className="flex flex-col gap-1">
              {production.episodes.map((episode) => (
                <li key={episode.id} className="flex flex-wrap items-baseline gap-x-2">
                  <Link href={`/episodes/${episode.id}`} className="text-teal-800 underline">
                    {episode.title.trim() || title}
                  </Link>
                  <span className="text-stone-600">
                    in {episode.showTitle}
                    {episode.connectionName ? ` via ${episode.connectionName}` : ""}
                  </span>
                  <span className="rounded-full bg-stone-200 px-2 py-0.5 text-xs font-semibold text-stone-800" data-testid="episode-import-state">
                    {IMPORT_STATES[episode.importState] ?? episode.importState}
                  </span>
                  {episode.importState === "failed" && episode.importError && <span className="text-red-800">{episode.importError}</span>}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {production.canImport && <ImportIntoForm productionUuid={production.uuid} productionTitle={title} targets={targets} />}
    </li>
  );
}
