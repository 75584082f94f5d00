import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { describeProduction } from "@/lib/episodes/describe-production";
import { findImportRetryRefusal } from "@/lib/episodes/find-import-retry-refusal";
import { RECENT_IMPORT_FAILURE_DAYS, type ImportStatus } from "@/lib/episodes/list-import-status-for-user";

type Row = ImportStatus["inProgress"][number];

/** The dashboard's imports across all shows: those in progress (refreshing while any are) and recent failures. */
export function ImportStatusSection({ status }: { status: ImportStatus }) {
  const { inProgress, inProgressCount, failed, failedCount } = status;
  const inProgressText = `${inProgressCount} import${inProgressCount === 1 ? "" : "s"} in progress`;
  return (
    <section aria-labelledby="imports-heading" className="flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm" data-testid="import-status">
      {/* Slower than the lists: the dashboard reads more than they do. */}
      <AutoRefresh isActive={inProgressCount > 0} intervalMs={5000} status={inProgressText} />
      <h2 id="imports-heading" className="text-lg font-semibold">
        Imports from Auphonic
      </h2>
      {inProgressCount === 0 && failedCount === 0 && (
        <p className="text-stone-700">Nothing importing, and no failed imports in the last {RECENT_IMPORT_FAILURE_DAYS} days.</p>
      )}
      {inProgressCount > 0 && (
        <div className="flex flex-col gap-1">
          <h3 className="font-medium">{inProgressText}</h3>
          <ul className="flex flex-col gap-1" aria-label="Imports in progress" data-testid="imports-in-progress-list">
            {inProgress.map((episode) => (
              <li key={episode.id} className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <EpisodeLink episode={episode} />
                <span className="text-stone-600">
                  {episode.show.title} · {episode.importState === "importing" ? "copying files…" : "waiting to import…"}
                  {episode.importError ? ` · ${episode.importError}` : ""}
                </span>
              </li>
            ))}
          </ul>
          {inProgressCount > inProgress.length && <p className="text-sm text-stone-600">and {inProgressCount - inProgress.length} more.</p>}
        </div>
      )}
      {failedCount > 0 && (
        <div className="flex flex-col gap-1">
          <h3 className="font-medium">
            {failedCount} failed import{failedCount === 1 ? "" : "s"} in the last {RECENT_IMPORT_FAILURE_DAYS} days
          </h3>
          <ul className="flex flex-col gap-2" aria-label="Failed imports" data-testid="failed-imports-list">
            {failed.map((episode) => (
              <li key={episode.id} className="flex flex-col text-sm">
                <span className="flex flex-wrap items-baseline gap-x-2">
                  <EpisodeLink episode={episode} />
                  <span className="text-stone-600">
                    {episode.show.title} · {episode.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                  </span>
                </span>
                {episode.importError && <span className="text-red-800">{episode.importError}</span>}
                <span className="text-stone-600">
                  {findImportRetryRefusal(episode) ?? "Open the episode to retry the import."}
                </span>
              </li>
            ))}
          </ul>
          {failedCount > failed.length && (
            <p className="text-sm">
              <Link href="/episodes?state=failed" className="text-teal-800 underline">
                All failed imports
              </Link>
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function EpisodeLink({ episode }: { episode: Row }) {
  return (
    <Link href={`/episodes/${episode.id}`} className="font-semibold text-teal-800 underline" title={episode.productionUuid ?? undefined}>
      {describeProduction(episode, episode.knownTitle)}
    </Link>
  );
}
