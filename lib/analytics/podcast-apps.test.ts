import type { IncomingMessage } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { classifyUserAgent } from "./podcast-apps";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/database/sql", () => ({ sql: { query: vi.fn() } }));
const { clientAddress, hashClient } = await import("./record-download-event");

describe("classifyUserAgent", () => {
  it.each([
    ["AppleCoreMedia/1.0.0.20E252 (iPhone; U; CPU OS 16_4 like Mac OS X; en_us)", "Apple Podcasts"],
    ["Podcasts/1650.20 CFNetwork/1408.0.4 Darwin/22.5.0", "Apple Podcasts"],
    ["Spotify/8.8.40 iOS/16.5 (iPhone14,5)", "Spotify"],
    ["Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", "Overcast"],
    ["Pocket Casts", "Pocket Casts"],
    ["Castro 2022.11/1234 Like iTunes", "Castro"],
    ["Mozilla/5.0 (Linux; Android 10) AntennaPod/3.2.0", "AntennaPod"],
    ["gPodder/3.11.1 (+http://gpodder.org/) Linux", "gPodder"],
    ["PodcastAddict/v5 (+https://podcastaddict.com/; Android podcast app)", "Podcast Addict"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", "Browser (Chrome)"],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "Browser (Firefox)"],
    ["okhttp/4.9.0", "Android app (unnamed)"],
    ["SomeNewPlayer/1.0 (Android 14; Pixel 8)", "Other"],
  ])("names %s as %s, a listener", (userAgent, app) => {
    expect(classifyUserAgent(userAgent)).toEqual({ app, isBot: false });
  });

  it.each([
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/120.0 Safari/537.36",
    "PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)",
    "Overcast/1.0 Podcast Sync (+http://overcast.fm/)",
    "curl/8.5.0",
    "SomeScript/1.0",
    "python-requests/2.31",
    "",
    "   ",
    // Crawlers that mention an app are still crawlers.
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/) Spotify",
    "ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)",
    "GPTBot/1.0 (+https://openai.com/gptbot) Pocket Casts",
    "Overcast/3.0 (+http://overcast.fm/; iOS podcast app) Googlebot",
  ])("excludes %j as a bot", (userAgent) => {
    expect(classifyUserAgent(userAgent).isBot).toBe(true);
  });
});

describe("clientAddress", () => {
  const request = (remoteAddress: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress }, connection: { remoteAddress }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} }) as unknown as IncomingMessage;

  it("ignores X-Forwarded-For unless proxies are trusted (anyone can send it)", () => {
    expect(clientAddress(request("192.0.2.10", "203.0.113.7"), 0)).toBe("192.0.2.10");
  });

  it("takes the address the trusted proxy saw, not what the client claimed before it", () => {
    expect(clientAddress(request("10.0.0.2", "1.2.3.4, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.9"), 2)).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.2"), 1)).toBe("10.0.0.2");
  });

  it("drops a port that some load balancers append", () => {
    expect(clientAddress(request("10.0.0.2", "203.0.113.7:51234"), 1)).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.2", "[2001:db8::1]:51234"), 1)).toBe("2001:db8::1");
  });

  it("writes IPv4 in IPv6 form as IPv4, and survives garbage", () => {
    expect(clientAddress(request("::ffff:192.0.2.10"), 0)).toBe("192.0.2.10");
    expect(clientAddress(request("10.0.0.2", "not an address"), 1)).toBe("not an address");
  });
});

describe("hashClient", () => {
  it("differs per salt and per address, and hides the address", () => {
    const hash = hashClient("salt-1", "203.0.113.7");
    expect(hash).toHaveLength(22);
    expect(hash).not.toContain("203");
    expect(hashClient("salt-1", "203.0.113.7")).toBe(hash);
    expect(hashClient("salt-2", "203.0.113.7")).not.toBe(hash);
    expect(hashClient("salt-1", "203.0.113.8")).not.toBe(hash);
  });
});
