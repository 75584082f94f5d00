import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_URL } from "./sandbox";

// What the import flows share: finishing a production in the sandbox, waiting for its episode, playing it,
// and reading the feed as a podcast app would.

export type OutgoingService = { display_name: string; delivery_state: string; result_page: string | null; result_urls: string[] };
export type Production = { uuid: string; length: number; metadata: { title: string }; chapters: { title: string; start_output_sec: number }[]; outgoing_services: OutgoingService[] };

export async function finishProduction(request: APIRequestContext, displayName: string): Promise<Production> {
  const response = await request.post(`${SANDBOX_URL}/control/api/productions`, { data: { username: "alice", display_name: displayName } });
  expect(response.status()).toBe(201);
  return response.json();
}

/** Waits (reloading) until the show page lists an episode in the given state, then opens it. */
export async function openEpisodeWhen(page: Page, showId: string, state: string) {
  await expect(async () => {
    await page.goto(`/shows/${showId}`);
    await expect(page.getByRole("list", { name: "Episodes" }).getByTestId("episode-state")).toHaveText(state, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole("list", { name: "Episodes" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/episodes\/[a-z0-9]+$/);
}

export async function expectPlayableAndSeekable(page: Page, chapter: { title: string; start_output_sec: number }) {
  const audio = page.locator("audio");
  await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  expect(await audio.evaluate((element: HTMLAudioElement) => element.duration)).toBeGreaterThan(20);
  await page.getByRole("navigation", { name: "Chapters" }).getByRole("button", { name: chapter.title }).click();
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(chapter.start_output_sec - 0.5);
}

/** The feed's items as (guid, link, enclosure) triples, read with the browser's own XML parser. */
export async function feedItems(page: Page, feedPath: string) {
  const response = await page.request.get(feedPath);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/rss+xml");
  const xml = await response.text();
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.querySelector("parsererror")) throw new Error("The feed is not well-formed XML.");
    return [...doc.querySelectorAll("item")].map((item) => ({
      guid: item.querySelector("guid")?.textContent ?? "",
      link: item.querySelector("link")?.textContent ?? "",
      enclosure: {
        url: item.querySelector("enclosure")?.getAttribute("url") ?? "",
        length: item.querySelector("enclosure")?.getAttribute("length") ?? "",
        type: item.querySelector("enclosure")?.getAttribute("type") ?? "",
      },
    }));
  }, xml);
}

export async function publicShowPath(page: Page, showId: string): Promise<string> {
  await page.goto(`/shows/${showId}`);
  return (await page.getByRole("link", { name: "Public show page" }).getAttribute("href"))!;
}
