import { expect, test, type APIRequestContext } from "@playwright/test";
import { SANDBOX_URL } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// Import status where creators look: lists that refresh themselves while a production imports, and a production
// that failed inside Auphonic shown by its title, without a retry that could not help.

async function setFaults(request: APIRequestContext, faults: Record<string, number>) {
  const response = await request.post(`${SANDBOX_URL}/control/api/faults`, { data: faults });
  expect(response.ok()).toBe(true);
}

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

test("a show's episode list updates by itself while a production imports, and says when it is done", async ({ page, request }) => {
  const title = uniqueTitle("Live Show");
  const showId = await createShow(page, title);
  // A slow Auphonic keeps the import running long enough to watch it.
  await setFaults(request, { apiDelayMs: 1500 });
  try {
    const response = await request.post(`${SANDBOX_URL}/control/api/productions`, { data: { username: "alice", display_name: `${title} - Publish Now` } });
    expect(response.status()).toBe(201);
    await expect(async () => {
      await page.goto(`/shows/${showId}`);
      await expect(page.getByTestId("imports-in-progress")).toHaveText(/1 import in progress/, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("auto-refresh-status")).toHaveText("1 import in progress");

    // No reload from here on: the page refreshes itself until the import has finished, then stops.
    const episodes = page.getByRole("list", { name: "Episodes" });
    await expect(episodes.getByTestId("episode-state")).toHaveText("published", { timeout: 45_000 });
    await expect(page.getByTestId("imports-in-progress")).toHaveCount(0);
    await expect(page.getByTestId("auto-refresh-status")).toHaveText("All imports have finished.");
  } finally {
    await setFaults(request, { apiDelayMs: 0 });
  }
});

test("a production that failed in Auphonic is listed on the dashboard by its title and offers no retry", async ({ page, request }) => {
  const title = uniqueTitle("Failing Show");
  const productionTitle = uniqueTitle("The Broken Interview");
  await createShow(page, title);
  const response = await request.post(`${SANDBOX_URL}/control/api/productions`, {
    data: { username: "alice", display_name: `${title} - Publish Now`, status: "Error", metadata: { title: productionTitle } },
  });
  expect(response.status()).toBe(201);
  const { uuid } = (await response.json()) as { uuid: string };

  const failures = page.getByRole("list", { name: "Failed imports" });
  await expect(async () => {
    await page.goto("/dashboard");
    await expect(failures.getByRole("link", { name: productionTitle })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const row = failures.getByRole("listitem").filter({ hasText: productionTitle });
  await expect(row).toContainText(title);
  await expect(row).toContainText("Auphonic reports that the production failed");
  await expect(row).toContainText("Retrying cannot fix this");
  await expect(row).not.toContainText(uuid);

  await row.getByRole("link", { name: productionTitle }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(productionTitle);
  await expect(page.getByTestId("import-state")).toHaveText("The import failed.");
  await expect(page.getByTestId("no-retry")).toContainText("Retrying cannot fix this");
  await expect(page.getByRole("button", { name: "Retry import" })).toHaveCount(0);
  await expect(page.getByTestId("deliveries").getByRole("link", { name: productionTitle })).toBeVisible();
});
