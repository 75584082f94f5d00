"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { ProductionProgress } from "@/lib/produce/get-production-progress";

const POLL_MS = 3_000;

/** What the creator reads as the production's state: Podhaven's hand-over first, then Auphonic's, then the episode. */
function describe(progress: ProductionProgress): { label: string; tone: "busy" | "done" | "failed" } {
  if (progress.stage === "failed") return { label: "Could not be sent to Auphonic", tone: "failed" };
  if (progress.stage === "uploading") return { label: "Sending the file to Auphonic…", tone: "busy" };
  if (progress.status === 2) return { label: "Failed in Auphonic", tone: "failed" };
  if (progress.status === 3 && progress.inReview) return { label: "Done, waiting for your review in Auphonic", tone: "done" };
  if (progress.status === 3) return progress.episode ? { label: "Done: the episode is here", tone: "done" } : { label: "Done in Auphonic; the episode is on its way…", tone: "busy" };
  return { label: progress.statusString ? `In Auphonic: ${progress.statusString}` : "Waiting for Auphonic…", tone: "busy" };
}

/**
 * The production's status, asked for every few seconds (a hidden tab waits) until nothing more can change: failed,
 * an error in Auphonic, or done with its episode here. A polite live region says each new state.
 */
export function ProductionStatus({ initial }: { initial: ProductionProgress }) {
  const [progress, setProgress] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);

  useEffect(() => {
    if (progress.isSettled) return;
    const timer = setTimeout(async () => {
      if (document.visibilityState !== "visible") return setProgress((current) => ({ ...current }));
      try {
        const response = await fetch(`/api/auphonic/productions/${encodeURIComponent(progress.uuid)}/status`, { cache: "no-store" });
        const body = (await response.json()) as ProductionProgress & { message?: string };
        if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
        setProgress(body);
        setPollError(null);
      } catch (error) {
        setPollError(error instanceof Error ? error.message : "The status could not be read.");
        setProgress((current) => ({ ...current }));
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [progress]);

  const { label, tone } = describe(progress);
  const toneClass = tone === "failed" ? "border-red-300 bg-red-50 text-red-900" : tone === "done" ? "border-teal-300 bg-teal-50 text-teal-900" : "border-stone-300 bg-stone-50 text-stone-900";
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold break-words">{progress.title || "Untitled production"}</h1>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="text-stone-600">Show</dt>
        <dd>{progress.show ? <Link href={`/shows/${progress.show.id}`} className="text-teal-800 underline">{progress.show.title}</Link> : "—"}</dd>
        <dt className="text-stone-600">Connection</dt>
        <dd>
          {progress.show && progress.connection ? (
            <Link href={`/shows/${progress.show.id}/connections/${progress.connection.id}`} className="text-teal-800 underline">
              {progress.connection.displayName}
            </Link>
          ) : (
            "—"
          )}
        </dd>
        <dt className="text-stone-600">Auphonic status</dt>
        <dd data-testid="auphonic-status">{progress.statusString || "—"}</dd>
        <dt className="text-stone-600">Auphonic production</dt>
        <dd className="font-mono text-sm break-all">{progress.uuid}</dd>
      </dl>
      <div role="status" aria-live="polite" data-testid="production-state" className={`rounded-lg border px-4 py-3 ${toneClass}`}>
        <p className="font-semibold">{label}</p>
        {progress.stage === "failed" && progress.stageError && <p>{progress.stageError}</p>}
        {progress.stage === "uploading" && progress.stageError && <p>{progress.stageError}</p>}
        {progress.status === 2 && <p>{progress.errorMessage || "Auphonic gave no reason."}</p>}
        {progress.episode && (
          <p>
            <Link href={`/episodes/${progress.episode.id}`} className="underline" data-testid="episode-link">
              Open the episode
            </Link>
          </p>
        )}
      </div>
      {(pollError ?? progress.refreshError) && (
        <p className="text-sm text-stone-700">The status could not be refreshed just now ({pollError ?? progress.refreshError}); trying again.</p>
      )}
    </div>
  );
}
