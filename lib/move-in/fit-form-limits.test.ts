import { describe, expect, it } from "vitest";
import { fitFormLimits } from "./fit-form-limits";
import type { OldEpisode, OldFeed } from "./parse-old-feed";

const show: OldFeed["show"] = {
  title: "Show",
  description: "<p>About <b>us</b> &amp; them</p><script>alert(1)</script><p>Second</p>",
  author: "A",
  ownerName: "O",
  ownerEmail: "o@old.example",
  language: "en",
  category: null,
  subcategory: null,
  explicit: false,
  type: "episodic",
  link: null,
  imageUrl: null,
  podcastGuid: null,
  isLocked: false,
  selfUrl: null,
};
const episode = (title: string, description: string | null): OldEpisode => ({
  guid: "g",
  title,
  description,
  publishedAt: null,
  durationSec: null,
  episodeNumber: null,
  season: null,
  episodeType: "full",
  explicit: null,
  link: null,
  imageUrl: null,
  enclosure: { url: "https://old.example/a.mp3", type: "audio/mpeg", length: null },
  chaptersUrl: null,
  transcripts: [],
});

describe("fitFormLimits", () => {
  it("leaves text within the limits as it is, the description as plain text", () => {
    const fitted = fitFormLimits({ show, episodes: [episode("One", "<p>Notes</p>")], problems: [] });
    expect(fitted.show).toMatchObject({ title: "Show", description: "About us & them\n\nSecond", shortened: [] });
    expect(fitted.episodes[0]).toMatchObject({ title: "One", description: "<p>Notes</p>", shortened: [] });
    expect(fitted.problems).toEqual([]);
  });

  it("shortens on a character boundary and says what it shortened", () => {
    // An emoji (two UTF-16 units) across the cut: kept whole or left out whole, never halved.
    const title = "a".repeat(298) + "😀" + "b".repeat(10);
    const fitted = fitFormLimits({ show: { ...show, title: "x\n".repeat(300) }, episodes: [episode(title, "n".repeat(10_001)), episode("Fine", null)], problems: ["earlier"] });
    // One line first (as the show form takes it), then cut without a dangling space.
    expect(fitted.show.title).toBe(`${"x ".repeat(127).trimEnd()}…`);
    expect(fitted.show.shortened).toEqual(["The show's title has 599 characters, more than the 255 the show form takes: it was shortened."]);
    expect(fitted.episodes[0]!.title).toBe("a".repeat(298) + "…");
    expect(fitted.episodes[0]!.title.isWellFormed()).toBe(true);
    expect(fitted.episodes[0]!.description).toBe("n".repeat(9_999) + "…");
    expect(fitted.episodes[0]!.shortened).toEqual([
      "Its title had 310 characters in the old feed, more than the 300 the episode form takes: shortened.",
      "Its notes had 10,001 characters in the old feed, more than the 10,000 the episode form takes: shortened.",
    ]);
    expect(fitted.episodes[1]).toMatchObject({ title: "Fine", description: null, shortened: [] });
    expect(fitted.problems).toEqual([
      "earlier",
      "The show's title has 599 characters, more than the 255 the show form takes: it was shortened.",
      "One episode has a title or notes longer than the episode form takes: shortened to fit, as each episode's line in the report says.",
    ]);
  });
});
