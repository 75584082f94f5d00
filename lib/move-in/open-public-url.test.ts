// Move-in fetches only the web's ports, 80 and 443: a feed cannot point the server at another service's port. With
// ALLOW_LOCAL_FETCH=1 (tests, the local sandbox on loopback) any port is allowed, with local addresses.
import { describe, expect, it } from "vitest";

process.env.ALLOW_LOCAL_FETCH = "0";
const { assertWebPort, openPublicUrl } = await import("./open-public-url");

describe("move-in fetch ports", () => {
  it("allows 80 and 443 (said or implied) and refuses any other port, unless local fetching is on", () => {
    for (const url of ["http://feeds.example.com/feed.xml", "https://feeds.example.com/feed.xml", "http://feeds.example.com:80/a.mp3", "https://feeds.example.com:443/a.mp3"]) {
      expect(() => assertWebPort(new URL(url), "audio file", false), url).not.toThrow();
    }
    for (const url of ["http://feeds.example.com:8080/a.mp3", "https://feeds.example.com:22/a.mp3", "http://feeds.example.com:6379/", "https://feeds.example.com:8443/a.mp3"]) {
      expect(() => assertWebPort(new URL(url), "audio file", false), url).toThrow(/only fetches from the web's ports 80 and 443/);
    }
    expect(() => assertWebPort(new URL("http://127.0.0.1:4010/a.mp3"), "audio file", true)).not.toThrow();
  });

  it("openPublicUrl refuses another port before it resolves or connects, as a permanent failure", async () => {
    await expect(openPublicUrl(new URL("http://feeds.example.com:8080/feed.xml"), "feed")).rejects.toMatchObject({
      isPermanent: true,
      message: expect.stringMatching(/^The feed address uses port 8080; Podhaven only fetches from the web's ports 80 and 443/),
    });
  });
});
