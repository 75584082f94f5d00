// Pure: no server-only import, so its unit test runs without the app's environment.

/** The longest wait after errors in a row (a 429's Retry-After may ask for longer, and gets it). */
export const MAX_RECONCILE_BACKOFF_MS = 6 * 3600_000;

/**
 * How long until a creator's next reconciliation: the interval after a success; after `failures` errors in a row
 * the interval doubled per error, at most MAX_RECONCILE_BACKOFF_MS (never less than the interval); ±20% jitter so
 * creators' runs spread out; never sooner than Auphonic's Retry-After.
 */
export function nextReconcileDelay({
  intervalMs,
  failures,
  retryAfterMs = null,
  random = Math.random,
}: {
  intervalMs: number;
  failures: number;
  retryAfterMs?: number | null;
  random?: () => number;
}): number {
  const backoff = failures <= 0 ? intervalMs : Math.max(intervalMs, Math.min(MAX_RECONCILE_BACKOFF_MS, intervalMs * 2 ** Math.min(failures, 30)));
  const jittered = Math.round(backoff * (0.8 + 0.4 * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}
