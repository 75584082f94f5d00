import "server-only";
import { Transform } from "node:stream";
import { env } from "@/lib/env.js";
import { SlowFetchError } from "./ingestion-errors";

export type FetchGuard = {
  /** Aborts the fetch and the storage write: the caller's own signal, the deadline or too slow a rate. */
  signal: AbortSignal;
  /** A pass-through that counts the body's bytes for the rate check, which starts with it. */
  meter: () => Transform;
  dispose: () => void;
};

/**
 * The limits every fetch of a remote file runs under: an overall deadline from the request on, and once the body
 * flows, a minimum number of bytes per window. A host that trickles a byte now and then holds a worker at most one
 * window, never forever.
 */
export function createFetchGuard(what: string, outer?: AbortSignal): FetchGuard {
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  const deadline = setTimeout(
    () => controller.abort(new SlowFetchError(`The ${what} did not arrive within ${describeMs(env.fetchDeadlineMs)} (FETCH_DEADLINE_MS); the download was stopped.`)),
    env.fetchDeadlineMs,
  );
  let rateTimer: NodeJS.Timeout | undefined;
  let windowBytes = 0;
  const minimum = env.fetchMinBytesPerSec;
  const windowMs = env.fetchRateWindowMs;
  const checkRate = () => {
    const perSecond = Math.floor((windowBytes * 1000) / windowMs);
    windowBytes = 0;
    if (perSecond >= minimum) return;
    controller.abort(
      new SlowFetchError(
        `The ${what} arrived at ${perSecond} bytes/s over ${describeMs(windowMs)}, below the minimum of ${minimum} bytes/s (FETCH_MIN_BYTES_PER_SEC); the download was stopped.`,
      ),
    );
  };
  const dispose = () => {
    clearTimeout(deadline);
    clearInterval(rateTimer);
  };
  signal.addEventListener("abort", dispose, { once: true });
  return {
    signal,
    meter: () => {
      if (minimum > 0 && !rateTimer && !signal.aborted) rateTimer = setInterval(checkRate, windowMs);
      return new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          windowBytes += chunk.length;
          callback(null, chunk);
        },
      });
    },
    dispose,
  };
}

function describeMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
