import path from "node:path";
import { expect, test } from "@playwright/test";
import { revokeSandboxTokens, SANDBOX_URL } from "./helpers/sandbox";
import { COVER_FIXTURE, createShow, openCustomDataJson, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

type SandboxService = { uuid: string; display_name: string; webhook_url: string; custom_data?: string };

async function aliceServices(request: import("@playwright/test").APIRequestContext): Promise<SandboxService[]> {
  const state = (await (await request.get(`${SANDBOX_URL}/control/api/state`)).json()) as {
    users: { username: string; services: SandboxService[] }[];
  };
  return state.users.find((user) => user.username === "alice")!.services;
}

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

test("a show with cover art and its Publish Now and Draft connections appear in Auphonic", async ({ page, request }) => {
  const title = uniqueTitle("Family Podcast");
  const showId = await createShow(page, title);
  await expect(page.getByRole("img", { name: `Cover art of ${title}` })).toBeVisible();
  const coverSrc = await page.getByRole("img", { name: `Cover art of ${title}` }).getAttribute("src");
  const cover = await request.get(coverSrc!);
  expect(cover.headers()["content-type"]).toBe("image/jpeg");

  await expect(page.getByRole("link", { name: `${title} - Publish Now` })).toBeVisible();
  await expect(page.getByRole("link", { name: `${title} - Draft` })).toBeVisible();
  // The cards say what each connection does in words, not as the custom_data JSON.
  const cards = page.getByRole("region", { name: "Auphonic connections" }).getByRole("listitem");
  await expect(cards.filter({ hasText: `${title} - Publish Now` })).toContainText("Publishes at once · full episodes");
  await expect(cards.filter({ hasText: `${title} - Draft` })).toContainText("Saves drafts · full episodes");
  await expect(cards.filter({ hasText: "publishState" })).toHaveCount(0);

  // The sandbox's control page lists both services with our webhook URLs and custom_data.
  await page.getByRole("link", { name: `${title} - Draft` }).click();
  const draftWebhookUrl = await page.getByTestId("webhook-url").innerText();
  expect(draftWebhookUrl).toMatch(/^http:\/\/localhost:3210\/api\/auphonic\/webhook\/[A-Za-z0-9_-]{43}$/);
  const connectionUrl = page.url();

  await page.goto(`${SANDBOX_URL}/control`);
  const draftService = page.getByRole("region", { name: `Service ${title} - Draft` });
  await expect(draftService).toContainText(draftWebhookUrl);
  await expect(draftService).toContainText('"publishState":"draft"');
  await expect(page.getByRole("region", { name: `Service ${title} - Publish Now` })).toContainText('"publishState":"publish"');

  // Editing custom_data re-registers the same service: no duplicate.
  const before = (await aliceServices(request)).filter((service) => service.display_name === `${title} - Draft`);
  expect(before).toHaveLength(1);
  await page.goto(connectionUrl);
  await expect(page.getByTestId("connection-policy")).toHaveText("Saves drafts · full episodes");
  // The plain controls come first; the JSON waits folded under "Edit as JSON".
  await expect(page.getByTestId("policy-controls")).toBeVisible();
  await expect(page.getByLabel("custom_data (JSON)")).toBeHidden();
  await openCustomDataJson(page);
  await page.getByLabel("custom_data (JSON)").fill('{"publishState": "draft", "season": 3, "network": "Kids"}');
  await page.getByRole("button", { name: "Save and re-register" }).click();
  await expect(page.getByRole("status")).toContainText("re-registered with Auphonic under the same name");
  const after = (await aliceServices(request)).filter((service) => service.display_name === `${title} - Draft`);
  expect(after).toHaveLength(1);
  expect(after[0]!.uuid).toBe(before[0]!.uuid);
  expect(JSON.parse(after[0]!.custom_data!)).toEqual({ publishState: "draft", season: 3, network: "Kids" });
  await expect(page.getByTestId("connection-policy")).toHaveText("Saves drafts · full episodes · season 3 · plus 1 custom setting");
  expect(showId).toBeTruthy();
});

test("at 390 px the connection cards and the connection page read in words, the JSON folded", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const title = uniqueTitle("Phone Words");
  await createShow(page, title);
  const card = page.getByRole("region", { name: "Auphonic connections" }).getByRole("listitem").filter({ hasText: `${title} - Publish Now` });
  const sentence = card.getByText("Publishes at once · full episodes");
  await expect(sentence).toBeVisible();
  const box = (await sentence.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);

  await card.getByRole("link", { name: `${title} - Publish Now` }).click();
  await expect(page.getByTestId("connection-policy")).toHaveText("Publishes at once · full episodes");
  await expect(page.getByTestId("policy-summary")).toContainText("Publishes at once · full episodes");
  await expect(page.getByTestId("policy-controls").getByLabel("Publish at once")).toBeChecked();
  await expect(page.getByLabel("custom_data (JSON)")).toBeHidden();
  await openCustomDataJson(page);
  expect(JSON.parse(await page.getByLabel("custom_data (JSON)").inputValue())).toEqual({ publishState: "publish", episodeType: "full" });
});

test("invalid JSON and a duplicate display name are refused at the field", async ({ page, request }) => {
  const title = uniqueTitle("Errors Show");
  const showId = await createShow(page, title);
  const servicesBefore = (await aliceServices(request)).length;

  await page.goto(`/shows/${showId}/connections/new`);
  await page.getByLabel("Display name").fill(`${title} - Bonus`);
  await openCustomDataJson(page);
  await page.getByLabel("custom_data (JSON)").fill('{"publishState": "publish",}');
  await expect(page.getByTestId("customData-error")).toContainText("Not valid JSON at line 1");
  await page.getByRole("button", { name: "Create and register" }).click();
  await expect(page.getByTestId("customData-error")).toContainText("Not valid JSON");
  await expect(page.getByLabel("custom_data (JSON)")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("custom_data (JSON)").fill('{"publishState": "later"}');
  // The field checks itself while typing, so the message alone does not prove the server answered: wait for
  // the action's answer, or React's form reset after it would undo the next fill.
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.getByRole("button", { name: "Create and register" }).click()]);
  await expect(page.getByRole("button", { name: "Create and register" })).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("customData-error")).toContainText('"publishState" must be "publish", "draft" or "schedule"');

  await page.getByLabel("Display name").fill(`${title} - Draft`);
  await page.getByRole("button", { name: "Bonus episode, published" }).click();
  await page.getByRole("button", { name: "Create and register" }).click();
  await expect(page.getByTestId("displayName-error")).toContainText("already have a connection with this name");
  await expect(page.getByLabel("Display name")).toHaveValue(`${title} - Draft`);
  expect((await aliceServices(request)).length).toBe(servicesBefore);
});

test("a cover that is not square is refused with a clear message", async ({ page }) => {
  await page.goto("/shows/new");
  const title = uniqueTitle("Bad Cover");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Description", { exact: true }).fill("x");
  await page.getByLabel("Owner email").fill("owner@example.com");
  await page.getByLabel("Cover art").setInputFiles("sandbox/fixtures/chapter.jpg");
  await page.getByRole("button", { name: "Create show" }).click();
  await expect(page.getByTestId("cover-error")).toContainText("between 1400 and 3000 pixels");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
});

test("a 27 MB cover is refused in the browser with the limit stated, and the rest of the form still saves", async ({ page }) => {
  await page.goto("/shows/new");
  const title = uniqueTitle("Huge Cover");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Description", { exact: true }).fill("A show whose first cover was far too large.");
  await page.getByLabel("Owner email").fill("owner@example.com");
  await expect(page.getByText("at most 10 MB")).toBeVisible();
  const cover = page.getByLabel("Cover art");
  await cover.setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(27 * 1024 * 1024, 0xff) });
  await expect(page.getByTestId("cover-error")).toContainText("larger than 10 MB (this one is 27.0 MB)");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await expect(cover).toHaveAttribute("aria-invalid", "true");
  expect(await cover.evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(0);
  await page.getByRole("button", { name: "Create show" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});

test("a server-side error on the new-show form keeps every field: category, type, checkboxes and the chosen cover", async ({ page }) => {
  await page.goto("/shows/new");
  const title = uniqueTitle("Kept Values");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Owner email").fill("owner@example.com");
  await page.getByLabel("Category").selectOption("Technology");
  await page.getByLabel("Type", { exact: true }).selectOption("serial");
  await page.getByLabel("Explicit content").check();
  await page.getByLabel(/Also create the two usual Auphonic publishing targets/).uncheck();
  await page.getByLabel("Cover art").setInputFiles(COVER_FIXTURE);
  // No description: the server refuses the form (the browser's own checks are off, noValidate).
  await page.getByRole("button", { name: "Create show" }).click();
  await expect(page.getByTestId("description-error")).toBeVisible();

  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await expect(page.getByLabel("Category")).toHaveValue("Technology");
  await expect(page.getByLabel("Type", { exact: true })).toHaveValue("serial");
  await expect(page.getByLabel("Explicit content")).toBeChecked();
  await expect(page.getByLabel(/Also create the two usual Auphonic publishing targets/)).not.toBeChecked();
  expect(await page.getByLabel("Cover art").evaluate((input: HTMLInputElement) => input.files?.[0]?.name)).toBe(path.basename(COVER_FIXTURE));

  await page.getByLabel("Description", { exact: true }).fill("Saved on the second try, with everything chosen the first time.");
  await page.getByRole("button", { name: "Create show" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("Technology · en · serial · explicit")).toBeVisible();
  await expect(page.getByRole("img", { name: `Cover art of ${title}` })).toBeVisible();
  await expect(page.getByText("No connections yet.")).toBeVisible();
});

test("without JavaScript, a 27 MB upload gets a page saying it is too large, not an error page", async ({ page, browser }) => {
  const withoutScripts = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const noScriptPage = await withoutScripts.newPage();
    await noScriptPage.goto("/shows/new");
    await noScriptPage.getByLabel("Title", { exact: true }).fill(uniqueTitle("No Script Cover"));
    await noScriptPage.getByLabel("Cover art").setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(27 * 1024 * 1024, 0xff) });
    const [response] = await Promise.all([
      noScriptPage.waitForResponse((answer) => answer.request().method() === "POST"),
      noScriptPage.getByRole("button", { name: "Create show" }).click(),
    ]);
    expect(response.status()).toBe(413);
    await expect(noScriptPage.getByRole("heading", { name: "That upload is too large" })).toBeVisible();
    await expect(noScriptPage.getByRole("link", { name: "Go back to the form" })).toHaveAttribute("href", "/shows/new");
  } finally {
    await withoutScripts.close();
  }
});

test("the connection's policy is set with form controls, and the JSON view stays in step both ways", async ({ page, request }) => {
  const title = uniqueTitle("Policy Show");
  const showId = await createShow(page, title, { withConnections: false });
  await page.goto(`/shows/${showId}/connections/new`);
  await page.getByLabel("Display name").fill(`${title} - Fridays`);
  const controls = page.getByTestId("policy-controls");
  await controls.getByLabel("Schedule the release").check();
  await controls.getByLabel("Weekday").selectOption("monday");
  await controls.getByLabel("at", { exact: true }).fill("07:30");
  await controls.getByLabel("Episode type").selectOption("bonus");
  await controls.getByLabel("Season").fill("2");
  await controls.getByLabel("Explicit").selectOption("no");
  await expect(page.getByTestId("policy-summary")).toContainText("Publishes at 07:30 the next Monday · bonus episodes · season 2 · marked not explicit");

  await openCustomDataJson(page);
  const json = page.getByLabel("custom_data (JSON)");
  expect(JSON.parse(await json.inputValue())).toEqual({ publishState: "schedule", publishAt: { weekday: "monday", time: "07:30" }, episodeType: "bonus", season: 2, explicit: false });
  // Typed in the JSON (a key of the creator's own included), shown in the controls.
  await json.fill('{"publishState": "schedule", "publishDelayHours": 12, "season": 5, "network": "Kids"}');
  await expect(controls.getByLabel("A number of hours after the import")).toBeChecked();
  await expect(controls.getByLabel("Hours after the import", { exact: true })).toHaveValue("12");
  await expect(controls.getByLabel("Season")).toHaveValue("5");
  await controls.getByLabel("Publish at once").check();
  expect(JSON.parse(await json.inputValue())).toEqual({ publishState: "publish", season: 5, network: "Kids" });

  await page.getByRole("button", { name: "Create and register" }).click();
  await expect(page.getByRole("status")).toContainText("Connection created and registered with Auphonic.");
  const service = (await aliceServices(request)).find((candidate) => candidate.display_name === `${title} - Fridays`);
  expect(JSON.parse(service!.custom_data!)).toEqual({ publishState: "publish", season: 5, network: "Kids" });
});

test("a token revoked in Auphonic leads to reconnect without losing the form", async ({ page, request }) => {
  const title = uniqueTitle("Revoked Show");
  const showId = await createShow(page, title, { withConnections: false });
  await revokeSandboxTokens(request, "alice");

  await page.goto(`/shows/${showId}/connections/new`);
  await page.getByLabel("Display name").fill(`${title} - Members`);
  await openCustomDataJson(page);
  await page.getByLabel("custom_data (JSON)").fill('{"publishState": "draft", "tier": "members"}');
  await page.getByRole("button", { name: "Create and register" }).click();
  await expect(page.getByRole("heading", { name: "Reconnect your Auphonic account" })).toBeVisible();

  await signInAs(page, "alice", { button: "Reconnect Auphonic", returnsTo: new RegExp(`/shows/${showId}/connections/new$`) });
  await expect(page.getByLabel("Display name")).toHaveValue(`${title} - Members`);
  await expect(page.getByLabel("custom_data (JSON)")).toHaveValue('{"publishState": "draft", "tier": "members"}');

  await page.getByRole("button", { name: "Create and register" }).click();
  await expect(page.getByRole("status")).toContainText("Connection created and registered with Auphonic.");
  expect((await aliceServices(request)).some((service) => service.display_name === `${title} - Members`)).toBe(true);
});

test("another user gets 404 for the first user's show and connection pages", async ({ page, browser }) => {
  const title = uniqueTitle("Private Show");
  const showId = await createShow(page, title);
  await page.getByRole("link", { name: `${title} - Draft` }).click();
  const connectionPath = new URL(page.url()).pathname;

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await bob.goto("/");
  await signInAs(bob, "bob");
  for (const path of [`/shows/${showId}`, `/shows/${showId}/edit`, `/shows/${showId}/delete`, `/shows/${showId}/connections/new`, connectionPath]) {
    const response = await bob.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(bob.getByText(title)).toHaveCount(0);
  }
  await bobContext.close();
});

test("changing a show's address warns first, then its old feed and pages answer 301 and no one else can take it", async ({ page, browser, request }) => {
  const title = uniqueTitle("Moving Show");
  const showId = await createShow(page, title, { withConnections: false });
  await page.goto(`/shows/${showId}/edit`);
  const slug = page.getByLabel("Address (slug)");
  const oldSlug = await slug.inputValue();
  const newSlug = `${oldSlug}-moved`;
  await expect(page.getByTestId("slug-change-warning")).toHaveCount(0);
  await slug.fill(newSlug);
  await expect(page.getByTestId("slug-change-warning")).toContainText("permanent redirect (301)");
  await page.getByRole("button", { name: "Save show" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  const feed = await request.get(`/podcasts/${oldSlug}/feed.xml`, { maxRedirects: 0 });
  expect(feed.status()).toBe(301);
  expect(feed.headers().location).toBe(`http://localhost:3210/podcasts/${newSlug}/feed.xml`);
  const showPage = await request.get(`/podcasts/${oldSlug}`, { maxRedirects: 0 });
  expect(showPage.status()).toBe(301);
  expect(showPage.headers().location).toBe(`http://localhost:3210/podcasts/${newSlug}`);
  expect((await request.get(`/podcasts/${oldSlug}/feed.xml`)).status()).toBe(200); // followed: the feed itself

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await bob.goto("/");
  await signInAs(bob, "bob");
  await bob.goto("/shows/new");
  await bob.getByLabel("Title", { exact: true }).fill("Squatter");
  await bob.getByLabel("Address (slug)").fill(oldSlug);
  await bob.getByLabel("Description", { exact: true }).fill("x");
  await bob.getByLabel("Owner email").fill("bob@example.com");
  await bob.getByRole("button", { name: "Create show" }).click();
  await expect(bob.getByTestId("slug-error")).toContainText("uses or used this address");
  await bobContext.close();
});
