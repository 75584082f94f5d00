import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { feedItems, finishProduction, openEpisodeWhen, publicShowPath } from "./helpers/episodes";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// Downloads are recorded as podcast apps fetch the enclosure (directly, or through the 302 in the S3 pass), counted
// by `npm run analytics:rollup` (the scheduled job's work, on demand), and shown on the show's analytics page.
const APPLE = "AppleCoreMedia/1.0.0.20E252 (iPhone; U; CPU OS 16_4 like Mac OS X; en_us)";
const SPOTIFY = "Spotify/8.8.40 iOS/16.5 (iPhone14,5)";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
// isbot alone takes bare Name/version agents for bots; the table of apps knows AntennaPod (issue 21).
const ANTENNAPOD = "AntennaPod/3.2.0";

const rollUp = () => promisify(execFile)("npm", ["run", "analytics:rollup"], { env: { ...process.env, ...e2eEnv } });

test("the analytics page shows downloads per day, per episode and per app after apps download an episode", async ({ page, request }) => {
  await page.goto("/");
  await signInAs(page, "alice");
  const title = uniqueTitle("Counted Show");
  const showId = await createShow(page, title);
  await finishProduction(request, `${title} - Publish Now`);
  await openEpisodeWhen(page, showId, "published");
  const [item] = await feedItems(page, `${await publicShowPath(page, showId)}/feed.xml`);
  const enclosure = item!.enclosure.url;

  const day = new Date().toISOString().slice(0, 10); // the UTC day the downloads are counted in
  // Apple Podcasts probes, then downloads twice (one download); Spotify and AntennaPod download; a crawler does not count.
  for (const [userAgent, range] of [[APPLE, "bytes=0-1"], [APPLE, null], [APPLE, null], [SPOTIFY, null], [ANTENNAPOD, null], [GOOGLEBOT, null]] as const) {
    const response = await request.get(enclosure, { headers: { "User-Agent": userAgent, ...(range ? { Range: range } : {}) } });
    expect(response.ok()).toBe(true);
  }
  // Before the roll-up runs, the page says when it counts, rather than showing a bare 0.
  await page.goto(`/shows/${showId}/analytics`);
  await expect(page.getByTestId("count-status")).toContainText(/Downloads are counted every \d+ minutes?;/);

  // Events reach the database within a second; the roll-up counts what is there (and is safe to run again).
  const perApp = page.getByTestId("downloads-per-app");
  await expect(async () => {
    const { stdout } = await rollUp();
    expect(stdout).toMatch(/Download analytics: \d+ new downloads/);
    await page.goto(`/shows/${showId}/analytics`);
    await expect(perApp.getByRole("row", { name: /Spotify/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // The browser that played the episode on its page downloaded it too, and counts as "Browser (…)".
  const apps = Object.fromEntries(
    (await perApp.locator("tbody tr").evaluateAll((rows) => rows.map((row) => [row.querySelector("th")!.textContent, row.querySelector("td")!.textContent]))).map(
      ([app, downloads]) => [app, Number(downloads)],
    ),
  ) as Record<string, number>;
  expect(apps).toMatchObject({ "Apple Podcasts": 1, Spotify: 1, AntennaPod: 1 });
  expect(Object.keys(apps).filter((app) => !["Apple Podcasts", "Spotify", "AntennaPod"].includes(app) && !app.startsWith("Browser ("))).toEqual([]);
  await expect(page.getByTestId("count-status")).toContainText("last counted");
  const total = Object.values(apps).reduce((sum, downloads) => sum + downloads, 0);
  await expect(page.getByTestId("downloads-total")).toHaveText(String(total));

  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  await expect(page.getByTestId("downloads-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("img", { name: new RegExp(`Chart of downloads per day\\. ${total} downloads in the last 30 days`) })).toBeVisible();
  const perEpisode = page.getByTestId("downloads-per-episode");
  await expect(perEpisode.getByRole("row").nth(1)).toContainText(new RegExp(`${total}\\s*${total}\\s*${total}`));
  await page.getByText("The same numbers as a table").click();
  await expect(page.getByTestId("downloads-per-day").getByRole("row", { name: day })).toContainText(String(total));

  const csv = await page.request.get(`/shows/${showId}/analytics/downloads.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const [header, row] = (await csv.text()).trim().split("\r\n");
  expect(header).toBe("guid,title,downloads_7d,downloads_30d,downloads_total");
  expect(row).toMatch(new RegExp(`,${total},${total},${total}$`));
});
