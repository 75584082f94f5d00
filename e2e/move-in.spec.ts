import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers/sign-in";

// Moving a show in through the pages, at a phone's width: the old feed (served by this spec, three episodes, one
// with a broken enclosure) is read, previewed, confirmed, imported by the worker while the status page refreshes
// itself; the show stays a private draft until the creator puts the page's verification line in the old feed and
// presses Verify; then the redirect check answers "not yet", then "done" once the old feed answers 301 to ours.

const AUDIO = readFileSync(path.resolve("sandbox/fixtures/episode.mp3"));
let server: Server;
let base = "";
let isRedirected = false;
let ourFeed = "";
// What the creator has added to the old feed's channel at the old host.
let channelExtra = "";
const showGuid = randomUUID();
const lockedGuid = randomUUID();
let lockedExtra = "";
const run = Date.now().toString(36);

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", base);
    if (url.pathname === "/old/feed.xml") {
      if (isRedirected && ourFeed) return response.writeHead(301, { Location: ourFeed }).end();
      const items = [1, 2, 3]
        .map(
          (n) => `<item><title>Old episode ${n}</title><guid>old-${run}-${n}</guid><pubDate>${new Date(Date.UTC(2025, 1, n)).toUTCString()}</pubDate>
          <enclosure url="${base}/old/audio/${n === 2 ? "gone" : n}.mp3" length="${AUDIO.length}" type="audio/mpeg"/></item>`,
        )
        .join("");
      return response.writeHead(200, { "Content-Type": "application/rss+xml" }).end(`<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>Elsewhere ${run}</title><description>Moving in.</description><language>en</language><podcast:guid>${showGuid}</podcast:guid>
<itunes:author>Sam</itunes:author><itunes:owner><itunes:name>Sam</itunes:name><itunes:email>sam@example.com</itunes:email></itunes:owner>
<itunes:category text="Music"/>${channelExtra}${items}</channel></rss>`);
    }
    if (url.pathname === "/locked/feed.xml") {
      return response.writeHead(200, { "Content-Type": "application/rss+xml" }).end(`<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>Locked ${run}</title><description>Mine only. ${lockedExtra}</description><language>en</language><podcast:guid>${lockedGuid}</podcast:guid>
<podcast:locked owner="sam@example.com">yes</podcast:locked><itunes:owner><itunes:name>Sam</itunes:name><itunes:email>sam@example.com</itunes:email></itunes:owner>
<item><title>Locked episode</title><guid>locked-${run}</guid><enclosure url="${base}/old/audio/1.mp3" length="${AUDIO.length}" type="audio/mpeg"/></item></channel></rss>`);
    }
    if (/^\/old\/audio\/\d+\.mp3$/.test(url.pathname)) return response.writeHead(200, { "Content-Type": "audio/mpeg", "Content-Length": AUDIO.length }).end(AUDIO);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test.use({ viewport: { width: 390, height: 844 } });

test("a creator moves a show in, follows its progress, proves the old feed is theirs, reads the report and checks the redirect", async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
  await page.getByRole("link", { name: "Move a show in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Move a show in/ })).toBeVisible();

  // A wrong address is refused next to the field, and what was typed stays.
  await page.getByLabel("Your feed's address").fill(`${base}/nothing.xml`);
  await page.getByRole("button", { name: "Read the feed" }).click();
  await expect(page.getByTestId("feedUrl-error")).toContainText("HTTP 404");
  await expect(page.getByLabel("Your feed's address")).toHaveValue(`${base}/nothing.xml`);

  await page.getByLabel("Your feed's address").fill(`${base}/old/feed.xml`);
  await page.getByRole("button", { name: "Read the feed" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "What we found" })).toBeVisible();
  await expect(page.getByTestId("found-episode-count")).toHaveText("3");
  await expect(page.getByText(showGuid)).toBeVisible();
  await expect(page.getByLabel("Owner email")).toHaveValue("sam@example.com");
  // The proof asked for: a code and the exact line for the old feed; Verify before it is there says what is missing.
  const line = await page.getByLabel("Line for the old feed").inputValue();
  const code = await page.getByLabel("Or just the code").inputValue();
  expect(code).toMatch(/^podhaven-verify-[0-9a-f]{20}$/);
  expect(line).toBe(`<podcast:txt purpose="verify">${code}</podcast:txt>`);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByTestId("verify-result")).toContainText(`does not carry the code ${code} yet`);
  await page.getByLabel("Address here (slug)").fill(`elsewhere-${run}`);
  await page.getByRole("button", { name: "Move the show and 3 episodes in" }).click();

  // No reload from here on: the page refreshes itself until every episode is settled.
  await expect(page.getByTestId("move-in-summary")).toContainText("Finished. 2 of 3 moved in, 1 failed", { timeout: 45_000 });
  await expect(page.getByTestId("move-in-report")).toContainText("Old episode 2");
  await expect(page.getByTestId("move-in-report")).toContainText("HTTP 404");
  // Copied, but a draft: its feed is not public, and the page offers no redirect before the proof.
  const draftFeed = await page.request.get(`/podcasts/elsewhere-${run}/feed.xml`);
  expect(draftFeed.status()).toBe(404);
  await expect(page.getByLabel("Your Podhaven feed")).toHaveCount(0);
  // The creator adds the line at the old host, and verifies.
  channelExtra = line;
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByTestId("verified-notice")).toContainText("Verified: the show is yours");
  await expect(page.getByTestId("verify-move-in")).toHaveCount(0);
  ourFeed = await page.getByLabel("Your Podhaven feed").inputValue();
  expect(ourFeed).toMatch(new RegExp(`/podcasts/elsewhere-${run}/feed\\.xml$`));

  await page.getByRole("button", { name: "Check the old feed now" }).click();
  await expect(page.getByTestId("redirect-check-result")).toContainText("Not yet");
  isRedirected = true;
  await page.getByRole("button", { name: "Check the old feed now" }).click();
  await expect(page.getByTestId("redirect-check-result")).toContainText("Done: the old feed answers HTTP 301");

  // The feed lists the two good episodes under their old guids.
  const feed = await (await page.request.get(ourFeed)).text();
  expect(feed).toContain(`<podcast:guid>${showGuid}</podcast:guid>`);
  expect(feed).toContain(`>old-${run}-1</guid>`);
  expect(feed).toContain(`>old-${run}-3</guid>`);
  expect(feed).not.toContain(`>old-${run}-2</guid>`);
  // Nothing on the page is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a locked feed moves in only after the code is in it (here, in its description)", async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "bob");
  await page.goto("/shows/import");
  await page.getByLabel("Your feed's address").fill(`${base}/locked/feed.xml`);
  await page.getByRole("button", { name: "Read the feed" }).click();
  await expect(page.getByTestId("found-locked")).toContainText("yes");
  await expect(page.getByTestId("verify-move-in")).toContainText("nothing is copied before this proof");
  await page.getByLabel("Address here (slug)").fill(`locked-${run}`);
  await page.getByRole("button", { name: "Move the show and 1 episode in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "podcast:locked yes" })).toBeVisible();

  lockedExtra = `Moving to Podhaven: ${await page.getByLabel("Or just the code").inputValue()}`;
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByTestId("verified-notice")).toContainText("Confirm below");
  await page.getByLabel("Address here (slug)").fill(`locked-${run}`);
  await page.getByRole("button", { name: "Move the show and 1 episode in" }).click();
  await expect(page.getByTestId("move-in-summary")).toContainText("Finished. 1 of 1 moved in", { timeout: 45_000 });
  const feed = await (await page.request.get(`/podcasts/locked-${run}/feed.xml`)).text();
  expect(feed).toContain(`<podcast:guid>${lockedGuid}</podcast:guid>`);
  expect(feed).toContain(`>locked-${run}</guid>`);
});
