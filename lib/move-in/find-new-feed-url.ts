import { XMLParser } from "fast-xml-parser";

// An XML parser, not an expression over the text: the feed is the old host's, up to 20 MB of whatever it holds.
// Items are skipped unread (the element is the channel's).
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  stopNodes: ["rss.channel.item"],
});

/** The address in the channel's `<itunes:new-feed-url>`, or null (none, or no readable feed). */
export function findNewFeedUrl(xml: string): string | null {
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch {
    return null;
  }
  const channel = (document as { rss?: { channel?: Record<string, unknown> } } | null)?.rss?.channel;
  let value = channel && typeof channel === "object" ? channel["itunes:new-feed-url"] : undefined;
  if (Array.isArray(value)) value = value[0];
  if (value && typeof value === "object") value = (value as Record<string, unknown>)["#text"];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}
