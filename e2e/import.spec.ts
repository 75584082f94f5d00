import { expect, test } from "@playwright/test";
import { expectPlayableAndSeekable, feedItems, finishProduction, openEpisodeWhen, publicShowPath, type Production } from "./helpers/episodes";
import { SANDBOX_URL } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

test("a production finished through Publish Now becomes a published episode whose pages play the MP3", async ({ page, request }) => {
  const title = uniqueTitle("Import Show");
  const showId = await createShow(page, title);
  const production = await finishProduction(request, `${title} - Publish Now`);

  await openEpisodeWhen(page, showId, "published");
  const episodeId = /\/episodes\/([a-z0-9]+)$/.exec(page.url())![1]!;
  await expect(page.getByTestId("import-state")).toContainText("Imported (version 1)");
  const chapter = [...production.chapters].sort((a, b) => a.start_output_sec - b.start_output_sec).at(-1)!;
  await expectPlayableAndSeekable(page, chapter);

  // The sandbox recorded our reply's result URLs on the production.
  await expect(async () => {
    const current = (await (await request.get(`${SANDBOX_URL}/control/api/productions/${production.uuid}`)).json()) as Production;
    const service = current.outgoing_services.find((item) => item.display_name === `${title} - Publish Now`)!;
    expect(service.delivery_state).toBe("delivered");
    expect(service.result_page).toMatch(new RegExp(`/podcasts/[a-z0-9-]+/episodes/${episodeId}$`));
    expect(service.result_urls).toContain(`http://localhost:3210/media/episodes/${episodeId}/audio`);
  }).toPass({ timeout: 10_000 });

  await page.getByRole("link", { name: "Public page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectPlayableAndSeekable(page, chapter);
  const file = await request.get(`/media/episodes/${episodeId}/audio`, { headers: { Range: "bytes=0-1" } });
  expect(file.status()).toBe(206);
  expect(file.headers()["content-type"]).toBe("audio/mpeg");

  // The dashboard's list across shows finds it by title, with its metadata; a state filter excludes it.
  await page.goto(`/episodes?q=${encodeURIComponent(production.metadata.title)}&state=published`);
  const row = page.getByRole("list", { name: "Episodes" }).getByRole("listitem").filter({ hasText: title });
  await expect(row.getByRole("link", { name: production.metadata.title })).toBeVisible();
  await expect(row).toContainText(`via ${title} - Publish Now`);
  const seconds = Math.round(production.length);
  await expect(row).toContainText(`${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`);
  await page.getByLabel("State").selectOption("draft");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No episodes match these filters.")).toBeVisible();

  // The feed lists it, and every enclosure answers HEAD and a two-byte range as Apple expects.
  const items = await feedItems(page, `${await publicShowPath(page, showId)}/feed.xml`);
  expect(items.map((item) => item.link)).toEqual([expect.stringMatching(new RegExp(`/episodes/${episodeId}$`))]);
  for (const { enclosure } of items) {
    expect(enclosure.type).toBe("audio/mpeg");
    const head = await request.head(enclosure.url);
    expect(head.status()).toBe(200);
    expect(head.headers()["content-length"]).toBe(enclosure.length);
    const range = await request.get(enclosure.url, { headers: { Range: "bytes=0-1" } });
    expect(range.status()).toBe(206);
    expect(range.headers()["content-range"]).toBe(`bytes 0-1/${enclosure.length}`);
  }

  // The creator renames the episode; a bad episode number is refused at its field.
  await page.goto(`/episodes/${episodeId}`);
  await page.getByLabel("Episode number").fill("twelve");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("episodeNumber-error")).toContainText("A whole number from 1, or empty.");
  await page.getByLabel("Title").fill("Our own title");
  await page.getByLabel("Episode number").fill("13");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Our own title");
  await expect(page.getByText("Your edits to the title, the episode number are kept")).toBeVisible();
});

test("a production finished through Draft is a draft: listed for the owner, not public until published", async ({ page, request, browser }) => {
  const title = uniqueTitle("Draft Show");
  const showId = await createShow(page, title);
  await finishProduction(request, `${title} - Draft`);

  await openEpisodeWhen(page, showId, "draft");
  const episodeId = /\/episodes\/([a-z0-9]+)$/.exec(page.url())![1]!;
  const slug = (await page.getByRole("link", { name: `← ${title}` }).getAttribute("href"))!;
  await page.goto(slug);
  const publicShowHref = await page.getByRole("link", { name: "Public show page" }).getAttribute("href");

  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  const response = await visitor.goto(`${publicShowHref}/episodes/${episodeId}`);
  expect(response?.status()).toBe(404);
  expect((await visitor.request.get(`/media/episodes/${episodeId}/audio`, { maxRedirects: 0 })).status()).toBe(404);

  // Another signed-in user gets 404 for the draft's dashboard page and its media, and does not see it listed.
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await bob.goto("/");
  await signInAs(bob, "bob");
  expect((await bob.goto(`/episodes/${episodeId}`))?.status()).toBe(404);
  expect((await bob.request.get(`/media/episodes/${episodeId}/audio`, { maxRedirects: 0 })).status()).toBe(404);
  await bob.goto("/episodes");
  await expect(bob.getByRole("link", { name: /Recording in the Sandbox|Notes from the Desk/ })).toHaveCount(0);
  await bobContext.close();

  const feedPath = `${publicShowHref}/feed.xml`;
  expect(await feedItems(page, feedPath)).toEqual([]);

  await page.goto(`/episodes/${episodeId}`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("episode-state")).toHaveText(/published/i);
  await expect(page.getByRole("button", { name: "Unpublish" })).toBeVisible();
  expect((await visitor.goto(`${publicShowHref}/episodes/${episodeId}`))?.status()).toBe(200);
  await anonymous.close();
  const items = await feedItems(page, feedPath);
  expect(items.map((item) => item.link)).toEqual([expect.stringMatching(new RegExp(`/episodes/${episodeId}$`))]);
});
