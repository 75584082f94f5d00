import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { feedItems, publicShowPath } from "./helpers/episodes";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// "New episode" on a show: a real MP3 uploaded in the browser (progress, cancel, refusals), published as it is, or
// produced with an Auphonic preset; both end in the feed with the file's exact bytes. Never the sandbox's control page.

const MP3 = path.resolve("sandbox/fixtures/episode.mp3");
const MP3_BYTES = readFileSync(MP3);
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

async function openNewEpisode(page: Page, showId: string) {
  await page.goto(`/shows/${showId}`);
  await page.getByRole("link", { name: "New episode" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New episode" })).toBeVisible();
}

async function uploadFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel("Audio file").setInputFiles(file);
}

/** The feed item of `title` once it is there (the import runs on the worker), and its enclosure's bytes. */
async function feedEnclosureOf(page: Page, showId: string, title: string) {
  const feedPath = `${await publicShowPath(page, showId)}/feed.xml`;
  let enclosure = { url: "", length: "", type: "" };
  let xml = "";
  await expect(async () => {
    const response = await page.request.get(feedPath);
    xml = await response.text();
    expect(xml).toContain(`<title>${title}</title>`);
    const items = await feedItems(page, feedPath);
    expect(items).toHaveLength(1);
    enclosure = items[0]!.enclosure;
  }).toPass({ timeout: 60_000 });
  const file = await page.request.get(enclosure.url);
  expect(file.status()).toBe(200);
  return { enclosure, xml, bytes: await file.body() };
}

test("an MP3 published as it is through Publish Now is in the feed with exactly its bytes", async ({ page }) => {
  const title = uniqueTitle("Upload Show");
  const showId = await createShow(page, title);
  await openNewEpisode(page, showId);

  await uploadFile(page, MP3);
  await expect(page.getByTestId("upload-done")).toContainText("Uploaded episode.mp3 (");
  await page.getByLabel("Title").fill("As it is");
  await page.getByLabel("Show notes").fill("Recorded at home, **unedited**.");
  await page.getByLabel("Connection", { exact: true }).selectOption({ label: `${title} - Publish Now (publish now)` });
  await expect(page.getByLabel("Publish as it is")).toBeChecked();
  await page.getByRole("button", { name: "Publish as it is" }).click();

  await expect(page).toHaveURL(/\/episodes\/[a-z0-9]+\?saved=uploaded$/);
  await expect(page.getByRole("heading", { level: 1, name: "As it is" })).toBeVisible();
  await expect(page.getByTestId("episode-state")).toHaveText(/published/i);
  await expect(page.getByText("Uploaded in Podhaven, published as it is.")).toBeVisible();

  const { enclosure, bytes } = await feedEnclosureOf(page, showId, "As it is");
  expect(enclosure.type).toBe("audio/mpeg");
  expect(enclosure.length).toBe(String(MP3_BYTES.length));
  expect(sha256(bytes)).toBe(sha256(MP3_BYTES));
});

test("the upload shows its progress, can be cancelled, and refuses what is not audio with a clear message", async ({ page, context, request }) => {
  const title = uniqueTitle("Upload Checks");
  const showId = await createShow(page, title);
  await openNewEpisode(page, showId);

  // A slow line (40 KB/s up): the progress bar and its text, then Cancel.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 40_000 });
  await uploadFile(page, MP3);
  await expect(page.getByRole("progressbar", { name: "Uploading episode.mp3" })).toBeVisible();
  await expect(page.getByTestId("upload-progress")).toContainText(/Uploading episode\.mp3: .+ of .+ \(\d+%\)/);
  await page.getByRole("button", { name: "Cancel upload" }).click();
  await expect(page.getByTestId("upload-error")).toHaveText(/Upload cancelled; nothing was kept/);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  // Nothing half-written stays in storage (the local store's temporary files; the S3 pass has none to look at).
  const uploads = path.resolve("data/e2e/media/uploads");
  await expect.poll(() => (existsSync(uploads) ? readdirSync(uploads, { recursive: true }).filter((name) => String(name).includes(".partial")) : []), { timeout: 10_000 }).toEqual([]);

  // Not audio: the server's sniffing answers, in words.
  await uploadFile(page, { name: "notes.mp3", mimeType: "audio/mpeg", buffer: Buffer.from("<!doctype html><html><body>not audio</body></html>") });
  await expect(page.getByTestId("upload-error")).toHaveText(/not audio or video: its first bytes are a web page \(HTML\).*Choose an audio file/);

  // Submitting without a file says what is missing.
  await page.getByLabel("Title").fill("No file");
  await page.getByRole("button", { name: "Publish as it is" }).click();
  await expect(page.getByText("Choose an audio file and wait until it is uploaded.")).toBeVisible();

  // Signed out, the route refuses.
  const anonymous = await request.post("/api/uploads?filename=a.mp3", { data: MP3_BYTES });
  expect(anonymous.status()).toBe(401);
  // Signed in, but posted by another site's page: refused, nothing read.
  const foreign = await page.request.post("/api/uploads?filename=a.mp3", { data: MP3_BYTES, headers: { Origin: "https://elsewhere.example" } });
  expect(foreign.status()).toBe(403);
  // Signed in, from here: the same bytes are taken.
  const own = await page.request.post("/api/uploads?filename=a.mp3", { data: MP3_BYTES, headers: { Origin: "http://localhost:3210" } });
  expect(own.status()).toBe(201);
  expect(await own.json()).toMatchObject({ filename: "a.mp3", size: MP3_BYTES.length });
});

test("an MP3 produced with an Auphonic preset through Publish Now arrives in the feed with the production's metadata", async ({ page }) => {
  test.setTimeout(120_000);
  const title = uniqueTitle("Produce Show");
  const showId = await createShow(page, title);
  await openNewEpisode(page, showId);

  await uploadFile(page, MP3);
  await expect(page.getByTestId("upload-done")).toBeVisible();
  await page.getByLabel("Produce with Auphonic").check();
  await page.getByLabel("Title").fill("Produced here");
  await page.getByLabel("Summary").fill("Made without leaving Podhaven.");
  await page.getByLabel("Connection", { exact: true }).selectOption({ label: `${title} - Publish Now (publish now)` });
  await page.getByLabel("Auphonic preset").selectOption({ label: "Podcast Standard" });
  await page.getByRole("button", { name: "Produce with Auphonic" }).click();

  await expect(page).toHaveURL(/\/auphonic\/productions\/[A-Za-z0-9-]+$/);
  await expect(page.getByTestId("production-state")).toHaveText(/Done: the episode is here/, { timeout: 60_000 });
  await page.getByTestId("episode-link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Produced here" })).toBeVisible();
  await expect(page.getByTestId("episode-state")).toHaveText(/published/i);

  const { enclosure, xml, bytes } = await feedEnclosureOf(page, showId, "Produced here");
  expect(enclosure.type).toBe("audio/mpeg");
  // The production's summary became the episode's notes.
  expect(xml).toContain("Made without leaving Podhaven.");
  // The sandbox's output is the uploaded file's bytes.
  expect(sha256(bytes)).toBe(sha256(MP3_BYTES));
});
