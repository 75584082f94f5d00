import { describe, expect, it } from "vitest";
import { subscribeLinks } from "./subscribe-links";

const FEED = "https://podhaven.example/podcasts/family/feed.xml";

describe("subscribeLinks", () => {
  it("offers the feed to apps by their schemes, and RSS, with no directory links stored", () => {
    expect(subscribeLinks({}, FEED)).toEqual([
      { name: "Overcast", href: "overcast://x-callback-url/add?url=https%3A%2F%2Fpodhaven.example%2Fpodcasts%2Ffamily%2Ffeed.xml" },
      { name: "Pocket Casts", href: "pktc://subscribe/podhaven.example/podcasts/family/feed.xml" },
      { name: "Other podcast apps", href: "podcast://podhaven.example/podcasts/family/feed.xml" },
      { name: "RSS feed", href: FEED },
    ]);
  });

  it("puts the stored directory links first, in place of the schemes", () => {
    const links = subscribeLinks({ appleUrl: "https://podcasts.apple.com/podcast/id1", overcastUrl: "https://overcast.fm/itunes1", spotifyUrl: null }, FEED);
    expect(links.map((link) => link.name)).toEqual(["Apple Podcasts", "Overcast", "Pocket Casts", "Other podcast apps", "RSS feed"]);
    expect(links[1]!.href).toBe("https://overcast.fm/itunes1");
  });
});
