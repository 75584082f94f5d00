import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_URL } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// /auphonic: the creator's productions as reconciliation found them, "Check Auphonic now", and "Import into…".

type ControlProduction = { uuid: string; error_message: string; metadata: { title: string } };

async function makeProduction(request: APIRequestContext, data: Record<string, unknown>): Promise<ControlProduction> {
  const response = await request.post(`${SANDBOX_URL}/control/api/productions`, { data: { username: "alice", deliver: false, ...data } });
  expect(response.status()).toBe(201);
  return response.json();
}

async function checkAuphonicNow(page: Page) {
  await page.goto("/auphonic");
  await page.getByRole("button", { name: "Check Auphonic now" }).click();
  await expect(page.getByTestId("check-auphonic-now").getByRole("status")).toContainText(/Checked Auphonic: found \d+ new productions?, imported \d+/, { timeout: 30_000 });
  await expect(page.getByTestId("last-checked")).toContainText("Last checked:");
}

// The page and Auphonic's answers, not media: the S3 pass (which runs every other spec again) leaves this out.
test.skip(process.env.STORAGE_DRIVER === "s3", "runs in the local pass (npm test); it does not test media storage");

const productionRow = (page: Page, uuid: string) => page.locator(`[data-testid="production"][data-production-uuid="${uuid}"]`);

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

test("a production whose webhook was lost becomes an episode after “Check Auphonic now”, once, also when the webhook comes late", async ({ page, request }) => {
  test.setTimeout(120_000);
  const title = uniqueTitle("Lost Webhook");
  const showId = await createShow(page, title);
  const production = await makeProduction(request, { display_name: `${title} - Publish Now` });

  await checkAuphonicNow(page);
  const row = productionRow(page, production.uuid);
  await expect(row.getByTestId("production-status")).toHaveText("Done");
  await expect(row.getByTestId("production-sent-to")).toHaveText(`${title} – ${title} - Publish Now`);
  await expect(row.getByRole("link", { name: production.metadata.title }).first()).toHaveAttribute("href", `/auphonic/productions/${production.uuid}`);
  const episodeLink = row.getByTestId("production-episode").getByRole("link");
  await expect(episodeLink).toHaveCount(1);
  await expect(row.getByTestId("production-episode")).toContainText(`in ${title} via ${title} - Publish Now`);
  await expect(row.getByRole("button", { name: "Import" })).toHaveCount(0);

  // The worker imports it; the episode is published as the connection says.
  await episodeLink.click();
  await expect(page).toHaveURL(/\/episodes\/[a-z0-9]+$/);
  const episodePath = new URL(page.url()).pathname;
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("episode-state")).toHaveText(/published/i, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // The webhook arrives late: still one episode of it.
  expect((await request.post(`${SANDBOX_URL}/control/api/productions/${production.uuid}/deliver`)).ok()).toBe(true);
  await expect(async () => {
    const current = (await (await request.get(`${SANDBOX_URL}/control/api/productions/${production.uuid}`)).json()) as { outgoing_services: { delivery_state: string }[] };
    expect(current.outgoing_services[0]!.delivery_state).toBe("delivered");
  }).toPass({ timeout: 15_000 });
  await page.goto(`/shows/${showId}`);
  await expect(page.getByRole("list", { name: "Episodes" }).getByRole("listitem")).toHaveCount(1);
  await page.goto("/auphonic");
  await expect(productionRow(page, production.uuid).getByTestId("production-episode").getByRole("link")).toHaveAttribute("href", episodePath);
});

test("a production that failed in Auphonic is shown failed with Auphonic's reason, and cannot be imported", async ({ page, request }) => {
  const title = uniqueTitle("Failed Production");
  await createShow(page, title);
  const production = await makeProduction(request, { display_name: `${title} - Draft`, status: "Error" });
  expect(production.error_message).not.toBe("");

  await checkAuphonicNow(page);
  const row = productionRow(page, production.uuid);
  await expect(row.getByTestId("production-status")).toHaveText(`Failed: ${production.error_message}`);
  await expect(row.getByRole("button", { name: "Import" })).toHaveCount(0);

  // Hostile page numbers are the first (or last) page, never an error.
  for (const query of ["page=abc", "page=-1", "page=1e9", "page=99999999999999999999", "page=1&page=2", `page=${"9".repeat(5000)}`]) {
    const response = await page.goto(`/auphonic?${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Your Auphonic productions" })).toBeVisible();
  }
});

test("“Import into…” brings a past production into a show once; a second attempt says it is already there", async ({ page, request }) => {
  test.setTimeout(120_000);
  const title = uniqueTitle("Import Into");
  const showId = await createShow(page, title);
  // The Draft connection is deleted in Podhaven (Auphonic keeps the target): what is sent there is not imported on its own.
  await page.getByRole("link", { name: `${title} - Draft`, exact: true }).click();
  await page.getByRole("button", { name: "Delete connection" }).click();
  await expect(page).toHaveURL(new RegExp(`/shows/${showId}\\?deleted=connection$`));
  const production = await makeProduction(request, { display_name: `${title} - Draft` });

  await checkAuphonicNow(page);
  const row = productionRow(page, production.uuid);
  await expect(row.getByTestId("production-sent-to")).toHaveText(`${title} – ${title} - Draft (deleted connection)`);
  await expect(row.getByTestId("production-episode")).toHaveText("not an episode here");
  // The import runs from a phone: nothing on the page is wider than its screen, the form included.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(row.getByLabel("Import into…")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // A second tab keeps the form of before the import.
  const second = await page.context().newPage();
  await second.goto("/auphonic");
  const secondRow = productionRow(second, production.uuid);
  await expect(secondRow.getByRole("button", { name: "Import" })).toBeEnabled();

  await row.getByLabel("Import into…").selectOption({ label: `${title} – ${title} - Publish Now` });
  await row.getByRole("button", { name: "Import" }).click();
  await expect(row.getByRole("status")).toContainText("Import queued");
  // A second click in the same form, and one from the other tab: already there.
  await row.getByRole("button", { name: "Import" }).click();
  await expect(row.getByRole("status")).toContainText("already an episode of yours");
  await secondRow.getByLabel("Import into…").selectOption({ label: `${title} – ${title} - Publish Now` });
  await secondRow.getByRole("button", { name: "Import" }).click();
  await expect(secondRow.getByRole("status")).toContainText("already an episode of yours");
  await second.close();

  await row.getByRole("link", { name: "Open the episode" }).click();
  await expect(page).toHaveURL(/\/episodes\/[a-z0-9]+$/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("episode-state")).toHaveText(/published/i, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(production.metadata.title);

  await page.goto(`/shows/${showId}`);
  await expect(page.getByRole("list", { name: "Episodes" }).getByRole("listitem")).toHaveCount(1);
  await page.goto("/auphonic");
  await expect(productionRow(page, production.uuid).getByTestId("production-episode")).toContainText(`in ${title} via ${title} - Publish Now`);
  await expect(productionRow(page, production.uuid).getByRole("button", { name: "Import" })).toHaveCount(0);
});
