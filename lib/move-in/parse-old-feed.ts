import { XMLParser, XMLValidator } from "fast-xml-parser";
import { xmlSafe } from "@/lib/feed/build-feed";
import { fitFormLimits } from "./fit-form-limits";

// The old host's feed, read into what a move-in needs, with every problem found said in words. Pure: no I/O.
// Hostile input is expected: not XML, entity tricks, items without enclosures, repeated guids, javascript: links.
// Namespace prefixes are taken as the specs spell them (itunes:, podcast:, atom:), as nearly every feed does.

export type OldTranscript = { url: string; type: string; language: string | null };
export type OldEpisode = {
  guid: string;
  title: string;
  description: string | null;
  publishedAt: string | null;
  durationSec: number | null;
  episodeNumber: number | null;
  season: number | null;
  episodeType: string;
  explicit: boolean | null;
  link: string | null;
  imageUrl: string | null;
  enclosure: { url: string; type: string; length: number | null };
  chaptersUrl: string | null;
  transcripts: OldTranscript[];
  /** What was shortened to the episode form's limits (lib/move-in/fit-form-limits.ts); absent in older plans. */
  shortened?: string[];
};
export type OldShow = {
  title: string;
  description: string;
  author: string;
  ownerName: string;
  ownerEmail: string;
  language: string;
  category: string | null;
  subcategory: string | null;
  explicit: boolean;
  type: "episodic" | "serial";
  link: string | null;
  imageUrl: string | null;
  podcastGuid: string | null;
  /** podcast:locked yes: the owner said no host may take the feed in without their proof. */
  isLocked: boolean;
  selfUrl: string | null;
  /** What was shortened to the show form's limits (lib/move-in/fit-form-limits.ts); absent in older plans. */
  shortened?: string[];
};
export type OldFeed = { show: OldShow; episodes: OldEpisode[]; problems: string[] };

/** A document that is not a podcast feed at all: nothing can be moved in from it. */
export class NotAFeedError extends Error {
  override name = "NotAFeedError";
}

export const MAX_MOVE_IN_EPISODES = 5000;
const MAX_GUID_LENGTH = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only the five XML entities and character references: a feed's own entity declarations are refused below.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ["item", "enclosure", "podcast:transcript", "itunes:category", "atom:link", "guid", "podcast:chapters"].includes(name),
});

type Node = Record<string, unknown>;

export function parseOldFeed(xml: string): OldFeed {
  const head = xml.slice(0, 4096);
  if (/<!ENTITY/i.test(xml)) throw new NotAFeedError("The document declares XML entities, which Podhaven does not read (they are a known attack on XML parsers).");
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const looksLikeHtml = /<html[\s>]/i.test(head);
    throw new NotAFeedError(
      looksLikeHtml
        ? "This address answers with a web page (HTML), not a podcast feed. Paste the feed's own address (often ending in .xml or /feed)."
        : `This is not a valid XML document (line ${validation.err.line}: ${validation.err.msg}).`,
    );
  }
  let document: Node;
  try {
    document = parser.parse(xml) as Node;
  } catch (error) {
    // Valid XML the parser still refuses (elements nested thousands deep).
    throw new NotAFeedError(`This feed cannot be read: ${error instanceof Error ? error.message.slice(0, 200) : "the XML parser refused it"}.`);
  }
  const channel = (document.rss as Node | undefined)?.channel as Node | undefined;
  if (!channel || typeof channel !== "object") throw new NotAFeedError("This XML document is not an RSS podcast feed (no <rss><channel>).");

  const problems: string[] = [];
  const httpUrl = (value: unknown, what: string): string | null => {
    const raw = textOf(value);
    if (!raw) return null;
    const checked = checkHttpUrl(raw);
    if (!checked) problems.push(`${what}: the address ${JSON.stringify(raw.slice(0, 120))} is not an http(s) URL and was left out.`);
    return checked;
  };

  const owner = (channel["itunes:owner"] as Node | undefined) ?? {};
  const [category] = arrayOf(channel["itunes:category"]);
  const subcategory = category ? arrayOf((category as Node)["itunes:category"])[0] : undefined;
  const image = (channel["itunes:image"] as Node | undefined)?.["@_href"] ?? (channel.image as Node | undefined)?.url;
  const guid = textOf(channel["podcast:guid"]);
  if (guid && !UUID.test(guid)) problems.push(`The feed's podcast:guid ${JSON.stringify(guid.slice(0, 60))} is not a UUID; a new one will be made.`);
  const self = arrayOf(channel["atom:link"]).find((link) => (link as Node)["@_rel"] === "self") as Node | undefined;
  const title = textOf(channel.title);
  if (!title) problems.push("The feed has no title.");

  const show: OldShow = {
    title: title || "Untitled podcast",
    description: textOf(channel.description) || textOf(channel["itunes:summary"]) || "",
    author: textOf(channel["itunes:author"]) || textOf(owner["itunes:name"]) || "",
    ownerName: textOf(owner["itunes:name"]) || textOf(channel["itunes:author"]) || "",
    ownerEmail: textOf(owner["itunes:email"]) || "",
    language: (textOf(channel.language) || "en").replace(/_/g, "-"),
    category: category ? textOf((category as Node)["@_text"]) || null : null,
    subcategory: subcategory ? textOf((subcategory as Node)["@_text"]) || null : null,
    explicit: isYes(textOf(channel["itunes:explicit"])) ?? false,
    type: textOf(channel["itunes:type"]).toLowerCase() === "serial" ? "serial" : "episodic",
    link: httpUrl(channel.link, "The show's website"),
    imageUrl: httpUrl(image, "The show's cover"),
    // Lowercase, as UUIDs compare: the same guid in capitals is the same claim.
    podcastGuid: guid && UUID.test(guid) ? guid.toLowerCase() : null,
    isLocked: isYes(textOf(channel["podcast:locked"])) === true,
    selfUrl: self ? checkHttpUrl(textOf(self["@_href"])) : null,
  };
  if (!show.ownerEmail) problems.push("The feed names no owner email (itunes:owner); enter one below.");

  const items = arrayOf(channel.item) as Node[];
  if (items.length > MAX_MOVE_IN_EPISODES) {
    problems.push(`The feed has ${items.length} items; only the first ${MAX_MOVE_IN_EPISODES} are moved in.`);
  }
  const episodes: OldEpisode[] = [];
  const seen = new Set<string>();
  for (const [index, item] of items.slice(0, MAX_MOVE_IN_EPISODES).entries()) {
    const itemTitle = textOf(item.title) || textOf(item["itunes:title"]) || `Item ${index + 1}`;
    const name = JSON.stringify(itemTitle.slice(0, 80));
    const enclosureNode = arrayOf(item.enclosure)[0] as Node | undefined;
    const enclosureUrl = enclosureNode ? textOf(enclosureNode["@_url"]) : "";
    if (!enclosureUrl) {
      problems.push(`Episode ${name} has no enclosure (no audio file): left out.`);
      continue;
    }
    const enclosure = checkHttpUrl(enclosureUrl);
    if (!enclosure) {
      problems.push(`Episode ${name}: its enclosure ${JSON.stringify(enclosureUrl.slice(0, 120))} is not an http(s) URL: left out.`);
      continue;
    }
    // Podcast apps key an item without a guid by its enclosure URL: keeping that key avoids duplicates for them.
    let itemGuid = textOf(arrayOf(item.guid)[0]);
    if (!itemGuid) {
      itemGuid = enclosure;
      problems.push(`Episode ${name} has no guid; its enclosure URL is used as its guid, as podcast apps do.`);
    }
    if (itemGuid.length > MAX_GUID_LENGTH) {
      problems.push(`Episode ${name}: its guid is longer than ${MAX_GUID_LENGTH} characters: left out.`);
      continue;
    }
    if (seen.has(itemGuid)) {
      problems.push(`Episode ${name} repeats the guid ${JSON.stringify(itemGuid.slice(0, 120))} of an earlier item: only the first is moved in.`);
      continue;
    }
    seen.add(itemGuid);
    const pubDate = textOf(item.pubDate);
    const published = pubDate ? new Date(pubDate) : null;
    if (pubDate && Number.isNaN(published!.getTime())) problems.push(`Episode ${name}: its pubDate ${JSON.stringify(pubDate.slice(0, 60))} cannot be read; the move-in date is used.`);
    const chaptersNode = arrayOf(item["podcast:chapters"])[0] as Node | undefined;
    const length = Number(textOf(enclosureNode!["@_length"]));
    const episodeType = textOf(item["itunes:episodeType"]).toLowerCase();
    episodes.push({
      guid: itemGuid,
      title: itemTitle,
      description: textOf(item["content:encoded"]) || textOf(item.description) || textOf(item["itunes:summary"]) || null,
      publishedAt: published && !Number.isNaN(published.getTime()) ? published.toISOString() : null,
      durationSec: parseDuration(textOf(item["itunes:duration"])),
      // Within what the episode form accepts (and a Postgres integer holds); beyond it, left out.
      episodeNumber: positiveInt(textOf(item["itunes:episode"]), 999_999),
      season: positiveInt(textOf(item["itunes:season"]), 9_999),
      episodeType: ["full", "trailer", "bonus"].includes(episodeType) ? episodeType : "full",
      explicit: isYes(textOf(item["itunes:explicit"])),
      link: httpUrl(item.link, `Episode ${name}'s link`),
      imageUrl: httpUrl((item["itunes:image"] as Node | undefined)?.["@_href"], `Episode ${name}'s art`),
      enclosure: { url: enclosure, type: textOf(enclosureNode!["@_type"]) || "audio/mpeg", length: Number.isSafeInteger(length) && length > 0 ? length : null },
      chaptersUrl: chaptersNode ? httpUrl(chaptersNode["@_url"], `Episode ${name}'s chapters`) : null,
      transcripts: arrayOf(item["podcast:transcript"]).flatMap((node) => {
        const url = httpUrl((node as Node)["@_url"], `Episode ${name}'s transcript`);
        return url ? [{ url, type: textOf((node as Node)["@_type"]) || "text/plain", language: textOf((node as Node)["@_language"]) || null }] : [];
      }),
    });
  }
  if (episodes.length === 0) problems.push("No episode of this feed can be moved in.");
  return fitFormLimits({ show, episodes, problems });
}

/** An http(s) URL as a string, or null for anything else (javascript:, data:, relative, malformed). */
export function checkHttpUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "object") return textOf((value as Node)["#text"]);
  return xmlSafe(String(value)).trim();
}

function arrayOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isYes(value: string): boolean | null {
  const normalised = value.toLowerCase();
  if (["yes", "true", "explicit"].includes(normalised)) return true;
  if (["no", "false", "clean"].includes(normalised)) return false;
  return null;
}

function positiveInt(value: string, max: number): number | null {
  const number = Number(value);
  return Number.isSafeInteger(number) && number > 0 && number <= max ? number : null;
}

/** itunes:duration: seconds, or [[HH:]MM:]SS. */
export function parseDuration(value: string): number | null {
  if (!value) return null;
  const parts = value.split(":").map(Number);
  if (parts.length > 3 || parts.some((part) => !Number.isFinite(part) || part < 0)) return null;
  return parts.reduce((total, part) => total * 60 + part, 0);
}
