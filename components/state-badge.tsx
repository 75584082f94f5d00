const STYLES: Record<string, string> = {
  published: "bg-teal-100 text-teal-900",
  draft: "bg-stone-200 text-stone-800",
  scheduled: "bg-amber-100 text-amber-900",
  queued: "bg-sky-100 text-sky-900",
  importing: "bg-sky-100 text-sky-900",
  failed: "bg-red-100 text-red-900",
};

/** Publish state ("scheduled": a draft with a release time), or the import state while there is no audio yet or the import failed. */
export function StateBadge({ state, importState, scheduledAt = null }: { state: string; importState: string; scheduledAt?: Date | null }) {
  const publishState = state === "draft" && scheduledAt ? "scheduled" : state;
  const shown = importState === "ready" ? publishState : importState;
  return (
    <span data-testid="episode-state" className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STYLES[shown] ?? STYLES.draft}`}>
      {shown}
    </span>
  );
}
