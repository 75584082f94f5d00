import "server-only";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";
import { publicFetch, refusedAddressOf } from "@/lib/http/public-fetch";
import { TOKEN_REFUSED } from "./token-failure-reasons";

const MAX_REDIRECTS = 5;
const HEADERS_TIMEOUT_MS = 30_000;
const USER_AGENT = "Podhaven/0.1 (+podcast hosting for Auphonic productions)";

/** Thrown when object storage refuses a signed link (expired): fetch the production again for a fresh one. */
export class ExpiredDownloadLinkError extends Error {
  constructor() {
    super("The signed download link expired.");
    this.name = "ExpiredDownloadLinkError";
  }
}

/** Thrown for a download that must not be made: not from Auphonic, or to an address that is not public. */
export class RefusedDownloadError extends AppError {
  constructor(message: string) {
    super("BAD_REQUEST", message);
  }
}

/**
 * Opens a result file download. It must start at the configured Auphonic origin (what production data names
 * elsewhere is refused), the bearer token goes only there, on the first request; the 302 to object storage is
 * followed by hand without it (storage rejects it, and it must not reach a third host). Every hop must resolve
 * to a public address (lib/http/public-fetch.ts). Media is asked for as it is (`Accept-Encoding: identity`);
 * `signal` (lib/ingestion/create-fetch-guard.ts) stops the request and its body.
 */
export async function openResultDownload(downloadUrl: string, token: string, signal?: AbortSignal): Promise<Response> {
  const auphonicOrigin = new URL(env.auphonicBaseUrl).origin;
  let url = new URL(downloadUrl);
  if (url.origin !== auphonicOrigin) throw new RefusedDownloadError(`Refused to download ${url.host}: files are only taken from Auphonic (${new URL(auphonicOrigin).host}).`);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    // Only the first request, and only on Auphonic's origin: a redirect is never followed with the token.
    const isAuphonic = hop === 0;
    const headers: Record<string, string> = { "User-Agent": USER_AGENT, "Accept-Encoding": "identity" };
    if (isAuphonic) headers.Authorization = `Bearer ${token}`;
    // The timeout covers the answer's headers only: a large body may take long to arrive.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), HEADERS_TIMEOUT_MS);
    let response: Response;
    try {
      response = await publicFetch(url, { headers, signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal });
    } catch (error) {
      signal?.throwIfAborted();
      const refused = refusedAddressOf(error);
      if (refused) throw new RefusedDownloadError(refused.message);
      throw new AppError("AUPHONIC_UNAVAILABLE", `Could not reach ${url.host} to download a file.`);
    } finally {
      clearTimeout(timer);
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    if (response.ok && response.body) return response;
    await response.body?.cancel();
    if (isAuphonic && response.status === 401) throw new AppError("AUPHONIC_UNAUTHORIZED", TOKEN_REFUSED);
    if (!isAuphonic && response.status === 403) throw new ExpiredDownloadLinkError();
    throw new AppError("AUPHONIC_UNAVAILABLE", `Downloading a result file failed with HTTP ${response.status} from ${url.host}.`);
  }
  throw new AppError("AUPHONIC_UNAVAILABLE", "Too many redirects while downloading a result file.");
}
