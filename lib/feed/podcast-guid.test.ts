import { describe, expect, it } from "vitest";
import { podcastGuidForFeedUrl } from "./podcast-guid";

describe("podcastGuidForFeedUrl", () => {
  // The example of the podcast namespace's specification: podcastindex.org/namespace/1.0#guid.
  it("matches the specification's example", () => {
    expect(podcastGuidForFeedUrl("https://mp3s.nashownotes.com/pc20rss.xml")).toBe("917393e3-1b1e-5cef-ace4-edaa54e1f810");
  });

  it("ignores the scheme and trailing slashes", () => {
    const reference = podcastGuidForFeedUrl("https://example.com/feed.xml");
    expect(podcastGuidForFeedUrl("http://example.com/feed.xml/")).toBe(reference);
    expect(podcastGuidForFeedUrl("https://example.com/feed.xml//")).toBe(reference);
    expect(podcastGuidForFeedUrl("https://example.com/other.xml")).not.toBe(reference);
  });
});
