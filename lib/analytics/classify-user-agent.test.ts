import { isbot } from "isbot";
import { describe, expect, it } from "vitest";
import { classifyUserAgent } from "./classify-user-agent";
import { PODCAST_APPS } from "./podcast-apps";

describe("the table of podcast apps", () => {
  it("gives every entry real user agents, and regular expressions that keep no state between tests", () => {
    for (const entry of PODCAST_APPS) {
      expect(entry.examples.length, entry.name).toBeGreaterThan(0);
      expect(entry.pattern.global || entry.pattern.sticky, entry.name).toBe(false);
    }
  });

  // Every user agent of every entry: named as that entry (no earlier entry takes it), a listener unless a crawler.
  it.each(PODCAST_APPS.flatMap((entry) => entry.examples.map((userAgent) => [entry.kind, entry.name, userAgent] as const)))(
    "%s %s: %j",
    (kind, name, userAgent) => {
      expect(classifyUserAgent(userAgent)).toEqual({ app: name, isBot: kind === "crawler" });
    },
  );
});

describe("classifyUserAgent", () => {
  it.each([
    ["AntennaPod/3.2.0", "AntennaPod"],
    ["CastBox/9.0.1", "Castbox"],
    ["PodcastRepublic/23.0", "Podcast Republic"],
    ["Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", "Overcast"],
    ["Pocket Casts", "Pocket Casts"],
    ["Podcasts/1650.20 CFNetwork/1408.0.4 Darwin/22.5.0", "Apple Podcasts"],
    ["AppleCoreMedia/1.0.0.20E252 (iPhone; U; CPU OS 16_4 like Mac OS X; en_us)", "Apple Podcasts"],
    ["Spotify/8.8.40 iOS/16.5 (iPhone14,5)", "Spotify"],
    ["PodcastAddict/v5 (+https://podcastaddict.com/; Android podcast app)", "Podcast Addict"],
    ["gPodder/3.11.1 (+http://gpodder.org/) Linux", "gPodder"],
    ["Castro 2022.11/1234 Like iTunes", "Castro"],
    ["okhttp/4.9.0", "Android app (unnamed)"],
    ["SomeNewPlayer/1.0 (Android 14; Pixel 8)", "Other"],
  ])("counts %j as a listener of %s", (userAgent, app) => {
    expect(classifyUserAgent(userAgent)).toEqual({ app, isBot: false });
  });

  it("counts the apps that isbot alone takes for bots (the bug: bare Name/version agents)", () => {
    for (const userAgent of ["AntennaPod/3.2.0", "CastBox/9.0.1", "PodcastRepublic/23.0"]) {
      expect(isbot(userAgent), userAgent).toBe(true);
      expect(classifyUserAgent(userAgent).isBot, userAgent).toBe(false);
    }
  });

  it.each([
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "iTMS",
    "Spotify/1.0",
    "Podcastindex.org/v0.3.3 (Aggrivate)",
    "Overcast/1.0 Podcast Sync (+http://overcast.fm/)",
    "PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.31",
    "SomeScript/1.0",
    "",
    "   ",
    // Crawlers that mention an app are still crawlers.
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/) Spotify",
    "GPTBot/1.0 (+https://openai.com/gptbot) Pocket Casts",
    "Overcast/3.0 (+http://overcast.fm/; iOS podcast app) Googlebot",
    "AntennaPod/3.2.0 (compatible; MyCrawler/1.0)",
    "ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)",
    // A browser's form does not hide a crawler from isbot.
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 (compatible; SomeFetcher/2.0; +https://example.com/fetcher)",
  ])("takes %j for a bot", (userAgent) => {
    expect(classifyUserAgent(userAgent).isBot).toBe(true);
  });

  it("reads a user agent with newlines as one line, so an app's name on a second line hides no crawler", () => {
    expect(classifyUserAgent("Googlebot/2.1\nAntennaPod/3.2.0")).toEqual({ app: "Googlebot", isBot: true });
    expect(classifyUserAgent("AntennaPod/3.2.0\r\nMyCrawler/1.0").isBot).toBe(true);
    expect(classifyUserAgent("\nAntennaPod/3.2.0\n")).toEqual({ app: "AntennaPod", isBot: false });
  });

  it("takes linear time on hostile user agents (every pattern is checked against long repetitions)", () => {
    const hostile = ["Macintosh ", "Podcast", "a/", "Spotify/", " ", "%D0%9F", "Overcast ", "Anytime/1 b1 (", "Jam/1"].map((unit) => unit.repeat(20_000));
    const started = performance.now();
    for (const userAgent of hostile) classifyUserAgent(userAgent);
    // Quadratic patterns would take minutes on 100,000-character inputs; linear ones take milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
