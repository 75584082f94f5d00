// Every path that reads text a creator, an old feed or Auphonic controls, fed 1 MB built against the expressions it
// once used (each took minutes or more on such input). Each call runs under a deadline that stops it mid-match
// (lib/testing/finish-within.ts), so a super-linear regression fails here at once; the margin is wide (a few hundred
// milliseconds to a few seconds here, against minutes).
import { describe, expect, it } from "vitest";
import { parseCustomData } from "@/lib/connections/custom-data";
import { episodeInputSchema } from "@/lib/episodes/episode-input";
import { parseTranscript } from "@/lib/episodes/parse-transcript";
import { renderShowNotesHtml, renderShowNotesText } from "@/lib/episodes/render-show-notes";
import { podcastGuidForFeedUrl } from "@/lib/feed/podcast-guid";
import { findNewFeedUrl } from "@/lib/move-in/find-new-feed-url";
import { NotAFeedError, parseOldFeed } from "@/lib/move-in/parse-old-feed";
import { showInputSchema, slugify } from "@/lib/shows/show-input";
import { finishWithin } from "./finish-within";

const MB = 1_000_000;
const DEADLINE_MS = 10_000;
const TEST_TIMEOUT = { timeout: 60_000 };
const within = <T,>(work: () => T) => finishWithin(DEADLINE_MS, work);

const feed = ({ channel = "", items = "" } = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <itunes:owner><itunes:email>o@old.example</itunes:email></itunes:owner>
  ${channel}
  ${items}
</channel>
</rss>`;
const item = (inner: string) => `<item><guid>g-1</guid><enclosure url="https://old.example/1.mp3" length="1" type="audio/mpeg"/>${inner}</item>`;

describe("hostile text: old feeds", () => {
  it("reads a feed whose title, description and notes are 1 MB of unclosed tags, and shortens them to the forms' limits", TEST_TIMEOUT, () => {
    const tags = "<a " + "<".repeat(MB);
    const xml = feed({
      channel: `<title>${"T".repeat(50_000)}</title><description><![CDATA[<p>About us</p>${tags}]]></description><itunes:author>${"a ".repeat(MB / 2)}</itunes:author>`,
      items: item(`<title>${"E".repeat(50_000)}</title><content:encoded><![CDATA[${tags}]]></content:encoded>`),
    });
    const parsed = within(() => parseOldFeed(xml));
    expect(parsed.show.title).toHaveLength(255);
    expect(parsed.show.title.endsWith("…")).toBe(true);
    // The unclosed tag takes the rest of the description, as a browser would.
    expect(parsed.show.description).toBe("About us");
    expect(parsed.show.author.length).toBeLessThanOrEqual(255);
    expect(parsed.show.author.endsWith("…")).toBe(true);
    expect(parsed.show.shortened).toEqual([
      expect.stringMatching(/^The show's title has 50,000 characters, more than the 255/),
      expect.stringMatching(/^The show's author has 999,999 characters, more than the 255/),
      expect.stringMatching(/^The show's owner's name has 999,999 characters, more than the 255/),
    ]);
    const [episode] = parsed.episodes;
    expect(episode!.title).toHaveLength(300);
    expect(episode!.description).toHaveLength(10_000);
    expect(episode!.shortened).toEqual([expect.stringMatching(/^Its title had 50,000 characters/), expect.stringMatching(/^Its notes had 1,000,003 characters/)]);
    expect(parsed.problems).toContain("One episode has a title or notes longer than the episode form takes: shortened to fit, as each episode's line in the report says.");
  });

  it("refuses 1 MB of repeated, unclosed or deeply nested elements with a clear error", TEST_TIMEOUT, () => {
    const hostile = [
      "<itunes:new-feed-url".repeat(MB / 20),
      feed({ channel: "<itunes:new-feed-url>".repeat(MB / 21) }),
      // Well-formed, 100,000 levels deep.
      feed({ channel: "<x>".repeat(MB / 10) + "</x>".repeat(MB / 10) }),
      feed({ channel: `<title>${"&#".repeat(MB / 2)}</title>` }),
    ];
    for (const xml of hostile) expect(() => within(() => parseOldFeed(xml))).toThrow(NotAFeedError);
  });

  it("finds itunes:new-feed-url after 1 MB of blanks, and answers at once for text built against the old expression", TEST_TIMEOUT, () => {
    const blanks = " \n".repeat(MB / 2);
    expect(within(() => findNewFeedUrl(feed({ channel: `<itunes:new-feed-url>${blanks}<![CDATA[https://new.example/feed?a=1]]>${blanks}</itunes:new-feed-url>` })))).toBe("https://new.example/feed?a=1");
    expect(within(() => findNewFeedUrl(feed({ channel: "<itunes:new-feed-url>https://new.example/f?a=1&amp;b=2</itunes:new-feed-url>" })))).toBe("https://new.example/f?a=1&b=2");
    for (const text of ["<itunes:new-feed-url>" + " ".repeat(MB), "<itunes:new-feed-url".repeat(MB / 20), "<itunes:new-feed-url><![CDATA[" + " \t".repeat(MB / 2) + "x"]) {
      expect(within(() => findNewFeedUrl(text))).toBeNull();
    }
    // In a comment or an item it is not the channel's.
    expect(findNewFeedUrl(feed({ channel: "<!-- <itunes:new-feed-url>https://a.example</itunes:new-feed-url> -->", items: item("<itunes:new-feed-url>https://b.example</itunes:new-feed-url>") }))).toBeNull();
  });
});

describe("hostile text: show notes", () => {
  const notes: Record<string, string> = {
    "an unclosed tag of 1 MB of '<'": "<a " + "<".repeat(MB),
    "1 MB of spaces without a line end": "x" + " ".repeat(MB) + "x",
    "1 MB of blanks before each line end": ("a" + " \t".repeat(1000) + "\n").repeat(MB / 2002),
    "1 MB of list bullets on one line": "• ".repeat(MB / 2),
    "1 MB of unclosed <b>": "<b>".repeat(MB / 3),
    "1 MB of nested links": '<a href="https://a.example/">'.repeat(MB / 28),
    "1 MB of '_a'": "_a".repeat(MB / 2),
    "1 MB of nested quotes": "> ".repeat(MB / 2),
  };
  for (const [name, text] of Object.entries(notes)) {
    it(`renders ${name} as HTML and as text`, TEST_TIMEOUT, () => {
      const html = within(() => renderShowNotesHtml(text));
      const plain = within(() => renderShowNotesText(text));
      expect(html.length).toBeGreaterThan(0);
      expect(html).not.toMatch(/<(?!\/?(?:p|br|a|strong|b|em|i|del|s|code|pre|blockquote|ul|ol|li|h[1-6]|hr)\b)[a-z]/i);
      expect(plain).not.toMatch(/<\/?(?:p|b|br|strong|em|li|ul|blockquote)>|<a href/);
    });
  }

  it("keeps the text of tags nested too deep, and what follows once they close", () => {
    const notes = "<b>".repeat(5000) + "deep [one](https://a.example/1)" + "</b>".repeat(5000) + " then [two](https://a.example/2)";
    const html = renderShowNotesHtml(notes);
    expect(html).toContain("deep one");
    expect(html).toContain('<a href="https://a.example/2" rel="nofollow ugc noopener noreferrer">two</a>');
    expect(renderShowNotesText(notes)).toBe("deep one then two (https://a.example/2)");
  });
});

describe("hostile text: forms, custom_data, transcripts", () => {
  it("checks 1 MB in every show form field and refuses it on the field", TEST_TIMEOUT, () => {
    const big = "-".repeat(MB / 2) + "a" + "-".repeat(MB / 2);
    const result = within(() =>
      showInputSchema.safeParse({
        title: big,
        slug: big,
        description: "x" + " \u0000".repeat(MB / 2),
        author: big,
        ownerName: big,
        ownerEmail: "a".repeat(MB) + "@",
        language: "en-" + "a".repeat(MB),
        category: big,
        explicit: "on",
        type: "episodic",
        link: "https://a.example/" + "/".repeat(MB) + "x",
      }),
    );
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((issue) => issue.path[0]));
    for (const field of ["title", "slug", "description", "author", "ownerName", "ownerEmail", "language", "category", "link"]) expect(fields).toContain(field);
    expect(within(() => slugify(big))).toBe("a");
    expect(within(() => podcastGuidForFeedUrl("https://a.example/" + "/".repeat(MB) + "x"))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("checks 1 MB in the episode form", TEST_TIMEOUT, () => {
    const result = within(() => episodeInputSchema.safeParse({ episodeId: "e", title: "x".repeat(MB), summary: "\r\n\r".repeat(MB / 3), episodeNumber: "1".repeat(MB), publishedAt: "2026-".repeat(MB / 5) }));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path[0])).toEqual(expect.arrayContaining(["title", "episodeNumber", "publishedAt"]));
  });

  it("refuses 1 MB of custom_data by its size, and explains a broken 2 KB one", TEST_TIMEOUT, () => {
    expect(within(() => parseCustomData('{"a":"' + "\\".repeat(MB) + '"}'))).toEqual({ ok: false, errors: [expect.stringMatching(/^Too long: 1,?000,?008 bytes/)] });
    const broken = within(() => parseCustomData('{"a":' + "1".repeat(2000)));
    expect(broken).toMatchObject({ ok: false, errors: [expect.stringMatching(/^Not valid JSON/)] });
  });

  it("reads 1 MB WebVTT and SRT transcripts built against cue parsing", TEST_TIMEOUT, () => {
    const cue = "00:00:00.000 --> 00:00:01.000\n";
    expect(within(() => parseTranscript(`WEBVTT\n\n${cue}${"<v ".repeat(MB / 3)}\n`, "k.vtt", "WebVTT"))?.cues).toHaveLength(1);
    expect(within(() => parseTranscript(`WEBVTT\n\n${cue}${"<c.".repeat(MB / 3)}>\n`, "k.vtt", "WebVTT"))?.cues).toHaveLength(1);
    const many = within(() => parseTranscript(`WEBVTT\n\n${`${cue}hi\n\n`.repeat(MB / 34)}`, "k.vtt", "WebVTT"));
    expect(many?.cues.length).toBe(Math.floor(MB / 34));
    for (const srt of ["1\n" + "\n".repeat(MB), "1\n00:00:00,000 --> " + ":".repeat(MB), "1\n" + "00:00:00,000 --> ".repeat(MB / 17)]) {
      const parsed = within(() => parseTranscript(srt, "k.srt", "SubRip"));
      expect(parsed === null || parsed.cues.length <= 1).toBe(true);
    }
  });
});
