import { v5 as uuidv5 } from "uuid";

// Podcasting 2.0's namespace for podcast:guid (podcastindex.org/namespace/1.0#guid).
const PODCAST_GUID_NAMESPACE = "ead4c236-bf58-58c6-a2c6-a6b28d128cb6";

/** podcast:guid: UUIDv5 of the feed URL without its scheme and trailing slashes. */
export function podcastGuidForFeedUrl(feedUrl: string): string {
  const name = feedUrl.trim().replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "").replace(/(?<!\/)\/+$/, "");
  return uuidv5(name, PODCAST_GUID_NAMESPACE);
}
