import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";
import { publicFetch, refusedAddressOf } from "@/lib/http/public-fetch";
import { createFetchGuard, type FetchGuard } from "@/lib/ingestion/create-fetch-guard";
import { SlowFetchError } from "@/lib/ingestion/ingestion-errors";

// Everything a move-in fetches (the old feed, its media, art, chapters, transcripts, the redirect check) goes
// through here, under the rules of imports from Auphonic: public addresses only (lib/http/public-fetch.ts), every
// redirect hop checked again before it is followed, a timeout for the answer's headers, and size limits. Only the
// web's ports (80, 443): a feed must not make the server knock on another service's port (ALLOW_LOCAL_FETCH=1,
// for the local sandbox and tests, lifts this with the address rule).

const MAX_REDIRECTS = 5;
const HEADERS_TIMEOUT_MS = 30_000;
export const MOVE_IN_USER_AGENT = "Podhaven/0.1 (+moving a podcast in; https://podhaven.example)";

/** A fetch the move-in refuses or cannot make; `isPermanent` when retrying cannot help (a 404, a refused address). */
export class MoveInFetchError extends AppError {
  constructor(
    message: string,
    readonly isPermanent: boolean,
  ) {
    super("BAD_REQUEST", message);
  }
}

/** Parses a URL the move-in may fetch: http(s) only (no javascript:, data:, file:…). */
export function parseFetchableUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new MoveInFetchError(`The ${what} address is not a valid URL: ${JSON.stringify(value.slice(0, 200))}.`, true);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new MoveInFetchError(`The ${what} address must be http(s), not ${url.protocol.replace(/:$/, "")}: (${value.slice(0, 200)}).`, true);
  }
  return url;
}

export type OpenedUrl = { response: Response; finalUrl: URL };

/** Throws unless `url` is on a web port (80 or 443), or ALLOW_LOCAL_FETCH=1 (`allowAnyPort`). */
export function assertWebPort(url: URL, what: string, allowAnyPort = env.allowLocalFetch) {
  if (allowAnyPort || url.port === "" || url.port === "80" || url.port === "443") return;
  throw new MoveInFetchError(`The ${what} address uses port ${url.port}; Podhaven only fetches from the web's ports 80 and 443 (${url.href.slice(0, 200)}).`, true);
}

/**
 * GETs `url`, following up to five redirects by hand (each hop must resolve to a public address on port 80 or 443),
 * and returns a 2xx answer with its body. `followRedirects: false` returns the first answer as it is (the redirect
 * check). `isMedia`: asked for as it is (`Accept-Encoding: identity`; lib/ingestion/ refuses an encoded answer).
 */
export async function openPublicUrl(
  url: URL,
  what: string,
  { followRedirects = true, signal, isMedia = false }: { followRedirects?: boolean; signal?: AbortSignal; isMedia?: boolean } = {},
): Promise<OpenedUrl> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") {
      throw new MoveInFetchError(`The ${what} redirects to a ${current.protocol} address, which is refused.`, true);
    }
    assertWebPort(current, what);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), HEADERS_TIMEOUT_MS);
    const abort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", abort, { once: true });
    let response: Response;
    try {
      const headers: Record<string, string> = { "User-Agent": MOVE_IN_USER_AGENT, Accept: "*/*", ...(isMedia ? { "Accept-Encoding": "identity" } : {}) };
      response = await publicFetch(current, { headers, signal: controller.signal });
    } catch (error) {
      signal?.throwIfAborted();
      const refused = refusedAddressOf(error);
      if (refused) throw new MoveInFetchError(`The ${what} was refused: ${refused.message}`, true);
      if (error instanceof AppError) throw new MoveInFetchError(`The ${what} was refused: ${error.message}`, true);
      throw new MoveInFetchError(`Could not reach ${current.host} for the ${what}.`, false);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
    if (!followRedirects) return { response, finalUrl: current };
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      try {
        current = new URL(location, current);
      } catch {
        throw new MoveInFetchError(`The ${what} redirects to an invalid address.`, true);
      }
      continue;
    }
    if (response.ok && response.body) return { response, finalUrl: current };
    await response.body?.cancel();
    // 4xx: the file is not there (or not for us); 5xx and 429: the old host may answer later.
    const isPermanent = response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408;
    throw new MoveInFetchError(`The ${what} answered HTTP ${response.status} (${current.href}).`, isPermanent);
  }
  throw new MoveInFetchError(`The ${what} redirects more than ${MAX_REDIRECTS} times.`, true);
}

/** A feed is read while a person waits for it: a minute at most (less if FETCH_DEADLINE_MS is shorter). */
const FEED_DEADLINE_MS = 60_000;

/**
 * Runs `read` under the fetch guard (lib/ingestion/), as every media copy does: its signal is for the fetch, and a
 * body slower than FETCH_MIN_BYTES_PER_SEC or later than the feed's deadline stops with a MoveInFetchError.
 */
export async function guardFeedRead<T>(what: string, read: (guard: FetchGuard) => Promise<T>): Promise<T> {
  const deadlineMs = Math.min(FEED_DEADLINE_MS, env.fetchDeadlineMs);
  const guard = createFetchGuard(what, AbortSignal.timeout(deadlineMs));
  try {
    return await read(guard);
  } catch (error) {
    if (!guard.signal.aborted) throw error;
    const reason: unknown = guard.signal.reason;
    const message = reason instanceof SlowFetchError ? reason.message : `The ${what} did not arrive within ${Math.round(deadlineMs / 1000)} s; the download was stopped.`;
    throw new MoveInFetchError(message, false);
  } finally {
    guard.dispose();
  }
}

/** Reads a whole answer through the guard's meter, refusing one over `maxBytes` (by Content-Length first, then by counting). */
export async function readLimitedBytes(response: Response, maxBytes: number, what: string, guard: FetchGuard): Promise<Buffer> {
  const tooLarge = () => new MoveInFetchError(`The ${what} is larger than the limit of ${formatBytes(maxBytes)}.`, true);
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  const body = source.pipe(guard.meter());
  source.on("error", (error) => body.destroy(error));
  // The fetch's own signal covers its headers only (openPublicUrl): the body stops here.
  const stop = () => body.destroy(guard.signal.reason as Error);
  guard.signal.addEventListener("abort", stop, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } finally {
    guard.signal.removeEventListener("abort", stop);
    source.destroy();
  }
  return Buffer.concat(chunks, size);
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
