import { parseFeed } from "podcast-partytime";
import { describe, expect, it } from "vitest";
import { buildFeed, showNotesHtml, xmlSafe, type FeedEpisode, type FeedInput } from "./build-feed";

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

  it("escapes markup and cannot be broken out of its CDATA section", () => {
    const notes = "Tags <script>alert(1)</script> & ]]> end";
    const xml = build({ episodes: [{ ...episode, summary: notes }] });
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("<description><![CDATA[<p>Tags &lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; end</p>]]></description>");
    expect(parseFeed(xml)!.items).toHaveLength(1);
    expect(showNotesHtml("a\n\nb\nc")).toBe("<p>a</p><p>b<br>c</p>");
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
