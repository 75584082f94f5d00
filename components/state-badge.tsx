const STYLES: Record<string, string> = {
  published: "bg-teal-100 text-teal-900",
  draft: "bg-stone-200 text-stone-800",
  queued: "bg-sky-100 text-sky-900",
  importing: "bg-sky-100 text-sky-900",
  failed: "bg-red-100 text-red-900",
};

/** Publish state, or the import state while there is no audio yet or the import failed. */
export function StateBadge({ state, importState }: { state: string; importState: string }) {
  const shown = importState === "ready" ? state : importState;
  return (
    <span data-testid="episode-state" className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STYLES[shown] ?? STYLES.draft}`}>
      {shown}
    </span>
  );
}
