import "server-only";
import { MOVE_IN_FEED_MAX_BYTES } from "./move-in-limits";
import { formatBytes, guardFeedRead, MoveInFetchError, openPublicUrl, parseFetchableUrl, readLimitedBytes } from "./open-public-url";
import { NotAFeedError, parseOldFeed, type OldFeed } from "./parse-old-feed";

export type OldFeedSource = { kind: "url"; url: string } | { kind: "upload"; bytes: Uint8Array };

/**
 * Fetches (or takes the upload of) the old feed and parses it; `text` is the document as read (the verification
 * code is looked for in it). Throws MoveInFetchError or NotAFeedError, in words.
 */
export async function readOldFeed(source: OldFeedSource): Promise<{ feed: OldFeed; sourceUrl: string | null; text: string }> {
  let bytes: Uint8Array;
  let sourceUrl: string | null = null;
  if (source.kind === "url") {
    const url = parseFetchableUrl(source.url, "feed");
    bytes = await guardFeedRead("feed", async (guard) => {
      const { response } = await openPublicUrl(url, "feed", { signal: guard.signal });
      return readLimitedBytes(response, MOVE_IN_FEED_MAX_BYTES, "feed", guard);
    });
    // The address subscribers have is the one pasted; the redirect check asks that one.
    sourceUrl = url.href;
  } else {
    if (source.bytes.byteLength > MOVE_IN_FEED_MAX_BYTES) throw new MoveInFetchError(`The feed file is larger than the limit of ${formatBytes(MOVE_IN_FEED_MAX_BYTES)}.`, true);
    bytes = source.bytes;
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  const feed = parseOldFeed(text);
  return { feed, sourceUrl: sourceUrl ?? feed.show.selfUrl, text };
}

export { NotAFeedError };
