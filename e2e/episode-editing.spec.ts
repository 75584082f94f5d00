import { expect, test, type Page } from "@playwright/test";
import { finishProduction, openEpisodeWhen, publicShowPath } from "./helpers/episodes";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";
import { startWorker, stopWorker } from "./helpers/worker";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

type FeedItem = { guid: string; pubDate: string; season: string | null; episodeType: string | null; explicit: string | null; description: string; encoded: string };

/** The feed's items with the tags this spec checks, read with the browser's XML parser. */
async function feedItems(page: Page, feedPath: string): Promise<FeedItem[]> {
  const response = await page.request.get(feedPath);
  expect(response.status()).toBe(200);
  const xml = await response.text();
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.querySelector("parsererror")) throw new Error("The feed is not well-formed XML.");
    const itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    const content = "http://purl.org/rss/1.0/modules/content/";
    return [...doc.getElementsByTagName("item")].map((item) => ({
      guid: item.getElementsByTagName("guid")[0]?.textContent ?? "",
      pubDate: item.getElementsByTagName("pubDate")[0]?.textContent ?? "",
      season: item.getElementsByTagNameNS(itunes, "season")[0]?.textContent ?? null,
      episodeType: item.getElementsByTagNameNS(itunes, "episodeType")[0]?.textContent ?? null,
      explicit: item.getElementsByTagNameNS(itunes, "explicit")[0]?.textContent ?? null,
      description: item.getElementsByTagName("description")[0]?.textContent ?? "",
      encoded: item.getElementsByTagNameNS(content, "encoded")[0]?.textContent ?? "",
    }));
  }, xml);
}

test("an episode scheduled two minutes ahead is absent from the feed before and present after, with the job runner restarted in between", async ({ page, request }) => {
  test.setTimeout(6 * 60_000);
  const title = uniqueTitle("Scheduled Show");
  const showId = await createShow(page, title);
  const feedPath = `${await publicShowPath(page, showId)}/feed.xml`;
  await finishProduction(request, `${title} - Draft`);
  await openEpisodeWhen(page, showId, "draft");
  const episodeUrl = page.url();

  // Two minutes ahead (rounded up to the whole minute the field takes), entered in the browser's time zone: the
  // creator has none yet, so the browser's becomes theirs.
  const { value, at } = await page.evaluate(() => {
    const date = new Date(Math.ceil((Date.now() + 120_000) / 60_000) * 60_000);
    const pad = (number: number) => String(number).padStart(2, "0");
    const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    return { value: local, at: date.getTime() };
  });
  await page.getByLabel("Publish at").fill(value);
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Scheduled: the episode is published on" })).toBeVisible();
  await expect(page.getByTestId("scheduled-for")).toContainText("Scheduled for");
  await expect(page.getByTestId("episode-state").first()).toHaveText("scheduled");
  await page.goto(`/shows/${showId}`);
  await expect(page.getByRole("list", { name: "Episodes" })).toContainText("Scheduled for");
  const episodeIdOf = /\/episodes\/([a-z0-9]+)$/.exec(episodeUrl)![1]!;
  const publicPage = `${await publicShowPath(page, showId)}/episodes/${episodeIdOf}`;
  expect(await feedItems(page, feedPath)).toHaveLength(0);
  expect((await request.get(publicPage)).status()).toBe(404);

  // The app's job runner crashes (SIGKILL: no goodbye) before the time, and is down when the time comes: nothing
  // publishes the episode meanwhile. Then it starts again, as a fresh process that knows only what Postgres holds.
  await stopWorker("SIGKILL");
  const wait = at - Date.now() + 3_000;
  if (wait > 0) await page.waitForTimeout(wait);
  expect(await feedItems(page, feedPath)).toHaveLength(0);
  await startWorker();

  await expect(async () => {
    const items = await feedItems(page, feedPath);
    expect(items).toHaveLength(1);
    // Dated at its scheduled time, not when the runner got to it.
    expect(new Date(items[0]!.pubDate).getTime()).toBe(at);
  }).toPass({ timeout: 60_000 });
  expect((await request.get(publicPage)).status()).toBe(200);
  await page.goto(episodeUrl);
  await expect(page.getByTestId("episode-state").first()).toHaveText("published");
});

test("season, type, explicit and Markdown notes edited on a phone-sized screen show in the feed and on the public page, with a working link", async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const title = uniqueTitle("Edited Show");
  const showId = await createShow(page, title);
  const showPath = await publicShowPath(page, showId);
  await finishProduction(request, `${title} - Publish Now`);
  await openEpisodeWhen(page, showId, "published");
  const episodeId = /\/episodes\/([a-z0-9]+)$/.exec(page.url())![1]!;

  const showUrl = `http://localhost:3210${showPath}`;
  const notes = `Part **two** of the story.\n\nMore at [the show's page](${showUrl}) and [nowhere](javascript:alert(1)).\n\n<script>document.title = "hacked"</script>`;
  await page.getByLabel("Show notes").fill(notes);
  await page.getByLabel("Season").fill("two");
  await page.getByLabel("Type", { exact: true }).selectOption("bonus");
  await page.getByRole("radio", { name: "Explicit", exact: true }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  // Refused at its field; what was typed stays.
  await expect(page.getByTestId("season-error")).toContainText("A whole number from 1 to 9999");
  await expect(page.getByLabel("Show notes")).toHaveValue(notes);
  await expect(page.getByLabel("Type", { exact: true })).toHaveValue("bonus");
  await expect(page.getByRole("radio", { name: "Explicit", exact: true })).toBeChecked();

  await page.getByLabel("Season").fill("2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByText(/Your edits to .*the season.*are kept/)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const [item] = await feedItems(page, `${showPath}/feed.xml`);
  expect(item).toMatchObject({ season: "2", episodeType: "bonus", explicit: "true" });
  expect(item!.encoded).toContain("<strong>two</strong>");
  expect(item!.encoded).toContain(`<a href="${showUrl}" rel="nofollow ugc noopener noreferrer">the show's page</a>`);
  expect(item!.encoded).not.toMatch(/script|javascript:|hacked/);
  expect(item!.description).toBe(`Part two of the story.\n\nMore at the show's page (${showUrl}) and nowhere.`);

  await page.goto(`${showPath}/episodes/${episodeId}`);
  const shownNotes = page.getByTestId("show-notes");
  await expect(shownNotes.locator("strong")).toHaveText("two");
  await expect(page).not.toHaveTitle("hacked");
  await expect(shownNotes.getByRole("link", { name: "nowhere" })).toHaveCount(0); // no href: not a link
  await shownNotes.getByRole("link", { name: "the show's page" }).click();
  await expect(page).toHaveURL(new RegExp(`${showPath}$`));
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});
