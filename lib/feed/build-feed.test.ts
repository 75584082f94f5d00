import { parseFeed } from "podcast-partytime";
import { describe, expect, it } from "vitest";
import { buildFeed, xmlSafe, type FeedEpisode, type FeedInput } from "./build-feed";

const show: FeedInput["show"] = {
  title: "Show",
  description: "About",
  author: "A",
  ownerName: "O",
  ownerEmail: "o@example.com",
  language: "en",
  category: "History",
  explicit: false,
  type: "episodic",
  podcastGuid: "917393e3-1b1e-5cef-ace4-edaa54e1f810",
  link: "https://example.com/podcasts/show",
  coverUrl: null,
};

const episode: FeedEpisode = {
  guid: "g-1",
  title: "Episode",
  subtitle: null,
  summary: null,
  link: "https://example.com/e/1",
  publishedAt: new Date("2026-11-27T10:00:00Z"),
  durationSec: 61.4,
  imageUrl: null,
  explicit: null,
  episodeNumber: null,
  season: null,
  episodeType: "full",
  enclosure: { url: "https://example.com/a.mp3", contentType: "audio/mpeg", size: 1000, bitrate: 128, format: "mp3" },
  alternates: [],
  transcripts: [],
  chaptersUrl: null,
};

const build = (overrides: Partial<FeedInput> = {}) =>
  buildFeed({ selfUrl: "https://example.com/feed.xml", show, episodes: [episode], paging: null, lastBuildDate: new Date(0), ...overrides });

describe("buildFeed with hostile metadata", () => {
  it("drops characters XML cannot carry and still parses", () => {
    const xml = build({ episodes: [{ ...episode, title: "Bell\u0007 and NUL\u0000 and lone \uD800 surrogate", summary: "x\u001Fy" }] });
    expect(xml).toContain("<title>Bell and NUL and lone  surrogate</title>");
    expect(parseFeed(xml)!.items).toHaveLength(1);
  });

  it("writes Markdown notes as sanitised HTML in content:encoded and plain text in description, unbreakable CDATA", () => {
    const notes = "Tags <script>alert(1)</script> & ]]> end\n\nSee [our site](https://example.com/?a=1&b=2) and [this](javascript:alert(2)).\n\na\nb";
    const xml = build({ episodes: [{ ...episode, summary: notes }] });
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("javascript:");
    const encoded = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(xml)![1]!;
    expect(encoded).toContain('<a href="https://example.com/?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer">our site</a>');
    expect(encoded).toContain("]]&gt; end");
    expect(encoded).toContain("<p>a<br />b</p>");
    const description = /<description>([^<]*)<\/description>/.exec(xml.slice(xml.indexOf("<item>")))![1]!;
    expect(description).toBe("Tags  &amp; ]]&gt; end\n\nSee our site (https://example.com/?a=1&amp;b=2) and this.\n\na\nb");
    expect(parseFeed(xml)!.items).toHaveLength(1);
  });

  it("cuts a channel description to 4000 bytes on a character boundary", () => {
    const xml = build({ show: { ...show, description: "ü".repeat(3000) } });
    const description = /<description>([^<]*)<\/description>/.exec(xml)![1]!;
    expect(Buffer.byteLength(description)).toBeLessThanOrEqual(4000);
    expect(description).not.toContain("\uFFFD");
    expect(description.endsWith("…")).toBe(true);
  });

  it("writes whole seconds for itunes:duration and the show's explicit flag when the episode has none", () => {
    const xml = build();
    expect(xml).toContain("<itunes:duration>61</itunes:duration>");
    expect(xml).toContain("<itunes:explicit>false</itunes:explicit>");
    expect(xmlSafe("ok")).toBe("ok");
  });
});
