import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { renderShowNotesHtml, renderShowNotesText } from "@/lib/episodes/render-show-notes";
import { splitCategory } from "@/lib/shows/apple-categories";

// The podcast RSS feed (RSS 2.0 + itunes + podcast + atom), with the channel and item tags Apple, Spotify and
// the Podcasting 2.0 namespace ask for.

export const NAMESPACES = {
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  podcast: "https://podcastindex.org/namespace/1.0",
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
} as const;

const MAX_DESCRIPTION_BYTES = 4000;

export type FeedShow = {
  title: string;
  description: string;
  author: string;
  ownerName: string;
  ownerEmail: string;
  language: string;
  category: string;
  explicit: boolean;
  type: string;
  podcastGuid: string;
  link: string;
  coverUrl: string | null;
  isLocked?: boolean;
  newFeedUrl?: string | null;
};

export type FeedFile = { url: string; contentType: string; size: number; bitrate: number | null; format: string };

export type FeedEpisode = {
  guid: string;
  title: string;
  subtitle: string | null;
  summary: string | null;
  link: string;
  publishedAt: Date;
  durationSec: number | null;
  imageUrl: string | null;
  explicit: boolean | null;
  episodeNumber: number | null;
  season: number | null;
  episodeType: string;
  enclosure: FeedFile;
  alternates: FeedFile[];
  transcripts: { url: string; type: string; isCaptions: boolean }[];
  chaptersUrl: string | null;
};

/** RFC 5005 paging links; null when the feed fits one document. */
export type FeedPaging = { first: string; last: string; next: string | null; previous: string | null };

export type FeedInput = { selfUrl: string; show: FeedShow; episodes: FeedEpisode[]; paging: FeedPaging | null; lastBuildDate: Date };

/** The feed document; every value goes through the XML builder, which escapes it. */
export function buildFeed({ selfUrl, show, episodes, paging, lastBuildDate }: FeedInput): string {
  const rss = create({ version: "1.0", encoding: "UTF-8" }).ele("rss", {
    version: "2.0",
    "xmlns:itunes": NAMESPACES.itunes,
    "xmlns:podcast": NAMESPACES.podcast,
    "xmlns:atom": NAMESPACES.atom,
    "xmlns:content": NAMESPACES.content,
  });
  const channel = rss.ele("channel");
  channel.ele("atom:link", { href: selfUrl, rel: "self", type: "application/rss+xml" });
  if (paging) {
    channel.ele("atom:link", { href: paging.first, rel: "first", type: "application/rss+xml" });
    channel.ele("atom:link", { href: paging.last, rel: "last", type: "application/rss+xml" });
    if (paging.next) channel.ele("atom:link", { href: paging.next, rel: "next", type: "application/rss+xml" });
    if (paging.previous) channel.ele("atom:link", { href: paging.previous, rel: "previous", type: "application/rss+xml" });
  }
  text(channel, "title", show.title);
  text(channel, "description", truncateUtf8(xmlSafe(show.description), MAX_DESCRIPTION_BYTES));
  text(channel, "link", show.link);
  text(channel, "language", show.language);
  text(channel, "generator", "Podhaven");
  text(channel, "lastBuildDate", lastBuildDate.toUTCString());
  text(channel, "podcast:guid", show.podcastGuid);
  channel.ele("podcast:locked", { owner: xmlSafe(show.ownerEmail) }).txt(show.isLocked === false ? "no" : "yes");
  if (show.newFeedUrl) text(channel, "itunes:new-feed-url", show.newFeedUrl);
  text(channel, "itunes:author", show.author);
  const owner = channel.ele("itunes:owner");
  text(owner, "itunes:name", show.ownerName);
  text(owner, "itunes:email", show.ownerEmail);
  const { category, subcategory } = splitCategory(show.category);
  const categoryElement = channel.ele("itunes:category", { text: category });
  if (subcategory) categoryElement.ele("itunes:category", { text: subcategory });
  text(channel, "itunes:explicit", String(show.explicit));
  text(channel, "itunes:type", show.type === "serial" ? "serial" : "episodic");
  if (show.coverUrl) {
    channel.ele("itunes:image", { href: show.coverUrl });
    const image = channel.ele("image");
    text(image, "url", show.coverUrl);
    text(image, "title", show.title);
    text(image, "link", show.link);
  }
  for (const episode of episodes) addItem(channel, episode, show);
  return rss.end({ prettyPrint: false });
}

function addItem(channel: XMLBuilder, episode: FeedEpisode, show: FeedShow) {
  const item = channel.ele("item");
  text(item, "title", episode.title);
  if (episode.subtitle) text(item, "itunes:subtitle", episode.subtitle);
  item.ele("guid", { isPermaLink: "false" }).txt(xmlSafe(episode.guid));
  text(item, "link", episode.link);
  text(item, "pubDate", episode.publishedAt.toUTCString());
  // Markdown notes: plain text in description (apps show it as is), sanitised HTML with links in content:encoded.
  const notes = episode.summary ?? episode.subtitle ?? "";
  const notesText = renderShowNotesText(notes);
  if (notesText) text(item, "description", truncateUtf8(notesText, MAX_DESCRIPTION_BYTES));
  const notesHtml = renderShowNotesHtml(notes);
  if (notesHtml) item.ele("content:encoded").dat(notesHtml);
  item.ele("enclosure", { url: episode.enclosure.url, length: String(episode.enclosure.size), type: episode.enclosure.contentType });
  if (episode.durationSec !== null) text(item, "itunes:duration", String(Math.round(episode.durationSec)));
  const image = episode.imageUrl ?? show.coverUrl;
  if (image) item.ele("itunes:image", { href: image });
  text(item, "itunes:explicit", String(episode.explicit ?? show.explicit));
  if (episode.episodeNumber !== null) text(item, "itunes:episode", String(episode.episodeNumber));
  if (episode.season !== null) text(item, "itunes:season", String(episode.season));
  text(item, "itunes:episodeType", ["full", "trailer", "bonus"].includes(episode.episodeType) ? episode.episodeType : "full");
  for (const transcript of episode.transcripts) {
    item.ele("podcast:transcript", {
      url: transcript.url,
      type: transcript.type,
      language: show.language,
      ...(transcript.isCaptions ? { rel: "captions" } : {}),
    });
  }
  if (episode.chaptersUrl) item.ele("podcast:chapters", { url: episode.chaptersUrl, type: "application/json+chapters" });
  if (episode.alternates.length > 0) {
    for (const [index, file] of [episode.enclosure, ...episode.alternates].entries()) {
      const alternate = item.ele("podcast:alternateEnclosure", {
        type: file.contentType,
        length: String(file.size),
        ...(file.bitrate ? { bitrate: String(file.bitrate * 1000) } : {}),
        ...(index === 0 ? { default: "true" } : {}),
        title: file.format.toUpperCase(),
      });
      alternate.ele("podcast:source", { uri: file.url });
    }
  }
}

function text(parent: XMLBuilder, name: string, value: string) {
  parent.ele(name).txt(xmlSafe(value));
}

/** XML 1.0 cannot carry control characters or lone surrogates; Auphonic's metadata may hold them. */
export function xmlSafe(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

function truncateUtf8(value: string, maxBytes: number): string {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length <= maxBytes) return value;
  // Cut on a character boundary: decoding drops a partial trailing character as U+FFFD, which is removed.
  return bytes.subarray(0, maxBytes - 3).toString("utf8").replace(/\uFFFD$/, "") + "…";
}
