import Link from "next/link";
import { formatBytes } from "@/lib/quotas/format-bytes";
import type { QuotaSummary } from "@/lib/quotas/get-quota-summary";

/** A creator's quotas, used and allowed (dashboard, account page). The meter's text says the same for screen readers. */
export function QuotaSummarySection({ summary }: { summary: QuotaSummary }) {
  const { storage, runningMoveIn, previews } = summary;
  const storageText =
    storage.quotaBytes === null
      ? `Storage: ${formatBytes(storage.usedBytes)} used (no limit)`
      : `Storage: ${formatBytes(storage.usedBytes)} of ${formatBytes(storage.quotaBytes)} used`;
  const isFull = storage.quotaBytes !== null && storage.usedBytes >= storage.quotaBytes;
  return (
    <section aria-labelledby="quotas-heading" className="flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm" data-testid="quota-summary">
      <h2 id="quotas-heading" className="text-lg font-semibold">
        Your quotas
      </h2>
      <div className="flex flex-col gap-1">
        <p id="storage-quota-text" data-testid="storage-quota">
          {storageText}
        </p>
        {storage.quotaBytes !== null && (
          <meter
            aria-labelledby="storage-quota-text"
            className="h-3 w-full"
            min={0}
            max={storage.quotaBytes}
            value={Math.min(storage.usedBytes, storage.quotaBytes)}
            low={storage.quotaBytes * 0.8}
            high={storage.quotaBytes * 0.95}
            optimum={0}
          />
        )}
        {isFull && (
          <p role="status" className="text-sm text-red-800">
            Your storage is full: new imports and move-ins fail until you delete episodes you no longer need.
          </p>
        )}
        <p className="text-sm text-stone-600">Audio, transcripts and images of your episodes and shows, and replaced files kept for 7 days.</p>
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-stone-600">Move-ins running</dt>
        <dd data-testid="move-in-quota">
          {runningMoveIn ? (
            <>
              1 of 1:{" "}
              <Link className="underline" href={`/shows/import/${runningMoveIn.id}`}>
                {runningMoveIn.title ?? "a show"}
              </Link>
            </>
          ) : (
            "0 of 1"
          )}
        </dd>
        <dt className="text-stone-600">Move-in previews this hour</dt>
        <dd data-testid="preview-quota">
          {previews.used} of {previews.allowed}
        </dd>
      </dl>
    </section>
  );
}
