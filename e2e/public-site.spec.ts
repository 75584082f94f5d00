import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { finishProduction, openEpisodeWhen, publicShowPath, type Production } from "./helpers/episodes";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// The public site as listeners use it: subscribe and share links, the embeddable player framed by another site,
// dark mode, and the dashboard at a phone's width.
const APP = "http://localhost:3210";
const APPLE = "https://podcasts.apple.com/us/podcast/family/id1234567890";

let showId: string;
let showPath: string;
let episodePath: string;
let production: Production;

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

async function publishedEpisode(page: Page, request: import("@playwright/test").APIRequestContext) {
  if (episodePath) return;
  const title = uniqueTitle("Public Site");
  showId = await createShow(page, title);
  await page.goto(`/shows/${showId}/edit`);
  await page.getByLabel("Apple Podcasts").fill(APPLE);
  await page.getByLabel("Website (optional)").fill("https://family.example/");
  await page.getByRole("button", { name: "Save show" }).click();
  await expect(page.getByText("Show saved.")).toBeVisible();
  production = await finishProduction(request, `${title} - Publish Now`);
  await openEpisodeWhen(page, showId, "published");
  showPath = await publicShowPath(page, showId);
  await page.goto(showPath);
  episodePath = (await page.getByRole("list").filter({ hasText: production.metadata.title }).getByRole("link").first().getAttribute("href"))!;
}

test("both public pages offer subscribe links (the stored directory first, apps by scheme, RSS) and share links", async ({ page, request }) => {
  await publishedEpisode(page, request);
  const feed = `${APP}${showPath}/feed.xml`;
  const feedWithoutScheme = feed.replace("http://", "");
  for (const path of [showPath, episodePath]) {
    await page.goto(path);
    const subscribe = page.getByRole("navigation", { name: "Subscribe" });
    await expect(subscribe.getByRole("link", { name: "Apple Podcasts" })).toHaveAttribute("href", APPLE);
    await expect(subscribe.getByRole("link", { name: "Overcast" })).toHaveAttribute("href", `overcast://x-callback-url/add?url=${encodeURIComponent(feed)}`);
    await expect(subscribe.getByRole("link", { name: "Pocket Casts" })).toHaveAttribute("href", `pktc://subscribe/${feedWithoutScheme}`);
    await expect(subscribe.getByRole("link", { name: "Other podcast apps" })).toHaveAttribute("href", `podcast://${feedWithoutScheme}`);
    await expect(subscribe.getByRole("link", { name: "RSS feed" })).toHaveAttribute("href", feed);
    const share = page.getByTestId("share-links");
    await expect(share.getByLabel("Link", { exact: true })).toHaveValue(`${APP}${path}`);
    await expect(share.getByRole("link", { name: "X" })).toHaveAttribute("href", new RegExp(`url=${encodeURIComponent(`${APP}${path}`).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    await expect(share.getByRole("link", { name: "Email" })).toHaveAttribute("href", /^mailto:\?subject=/);
  }
  await page.goto(showPath);
  await expect(page.getByTestId("show-website")).toHaveAttribute("href", "https://family.example/");
  await expect(page.locator("main")).toHaveAttribute("lang", "en");

  // An episode shared with a start time opens there.
  await page.goto(episodePath);
  const share = page.getByTestId("share-links");
  await share.getByLabel("Start at").check();
  await share.getByLabel("Start time (minutes:seconds)").fill("0:07");
  await expect(share.getByLabel("Link", { exact: true })).toHaveValue(`${APP}${episodePath}?t=7`);
  await page.goto(`${episodePath}?t=7`);
  await expect.poll(() => page.locator("audio").evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 15_000 }).toBeGreaterThanOrEqual(7);
});

test("the embed player plays, seeks to a chapter and shows the transcript inside a frame on another site", async ({ page, request }) => {
  await publishedEpisode(page, request);
  await page.goto(episodePath);
  const code = await page.getByLabel("Embed code").inputValue();
  const embedUrl = /src="([^"]+)"/.exec(code)![1]!;
  expect(embedUrl).toMatch(new RegExp(`^${APP}/embed/`));

  // Only the player may be framed: its answer allows any ancestor; every other page refuses.
  const embedAnswer = await request.get(embedUrl);
  expect(embedAnswer.headers()["x-frame-options"]).toBeUndefined();
  expect(embedAnswer.headers()["content-security-policy"]).toContain("frame-ancestors *");
  const pageAnswer = await request.get(episodePath);
  expect(pageAnswer.headers()["x-frame-options"]).toBe("DENY");
  expect(pageAnswer.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  // Another origin (127.0.0.1, not localhost) frames the player with the code from the page.
  const site: Server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html" });
    response.end(`<!doctype html><title>A blog</title><h1>Our podcast</h1>${code}`);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  try {
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    const player = page.frameLocator("iframe");
    await expect(player.getByRole("heading", { name: production.metadata.title })).toBeVisible();
    await player.getByRole("button", { name: "Play" }).click();
    await expect(player.getByRole("button", { name: "Pause" })).toBeVisible({ timeout: 15_000 });

    const chapter = [...production.chapters].sort((a, b) => a.start_output_sec - b.start_output_sec).at(-1)!;
    await player.getByText(/^Chapters \(\d+\)$/).click();
    await player.getByRole("button", { name: chapter.title }).click();
    await expect(player.getByTestId("current-chapter")).toHaveText(chapter.title);
    await expect
      .poll(async () => Number((await player.getByRole("slider", { name: "Position" }).inputValue()) || 0), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(Math.floor(chapter.start_output_sec));

    await player.getByText("Transcript", { exact: true }).click();
    await expect(player.getByTestId("embed-transcript").getByRole("button").first()).toBeVisible();
    await player.getByRole("combobox", { name: "Speed" }).selectOption("1.5");
    await expect(player.getByRole("combobox", { name: "Speed" })).toHaveValue("1.5");
  } finally {
    site.close();
  }
});

test("dark mode follows the system setting, and the player's ?theme= fixes it (screenshots attached)", async ({ page, request }, testInfo) => {
  await publishedEpisode(page, request);
  const backgroundOf = (selector: string) => page.locator(selector).first().evaluate((element) => getComputedStyle(element).backgroundColor);

  await page.emulateMedia({ colorScheme: "dark" });
  for (const [name, path] of [
    ["dashboard", "/dashboard"],
    ["public-show", showPath],
    ["public-episode", episodePath],
  ] as const) {
    await page.goto(path);
    expect(await backgroundOf("body"), path).toBe("rgb(12, 10, 9)");
    const file = testInfo.outputPath(`dark-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`dark-${name}`, { path: file, contentType: "image/png" });
  }
  await page.goto(`${episodePath.replace("/podcasts/", "/embed/")}?theme=light`);
  expect(await backgroundOf('[data-testid="embed-player"]')).toBe("rgb(255, 255, 255)");

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(showPath);
  expect(await backgroundOf("body")).not.toBe("rgb(12, 10, 9)");
  await page.goto(`${episodePath.replace("/podcasts/", "/embed/")}?theme=dark`);
  expect(await backgroundOf('[data-testid="embed-player"]')).toBe("rgb(28, 25, 23)");
  const embedFile = testInfo.outputPath("embed-dark.png");
  await page.screenshot({ path: embedFile });
  await testInfo.attach("embed-dark", { path: embedFile, contentType: "image/png" });
});

test("the dashboard's pages and tables fit a 390 px wide phone", async ({ page, request }) => {
  await publishedEpisode(page, request);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/dashboard", "/episodes", `/shows/${showId}`, `/shows/${showId}/analytics`, `/shows/${showId}/edit`]) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
  }
});
