import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { setStorageQuota } from "./helpers/quotas";
import { SANDBOX_URL } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// The storage quota where a creator sees it: used and allowed on the dashboard and the account page, and an import
// that would pass it failing with a message that names it, retried once there is room. Carol's own quota is set
// small for this (a per-user override; the other specs' creators keep the default).

test("an import that would pass the storage quota fails with the quota's message, and imports when retried after the quota is raised", async ({ page, request }) => {
  await page.goto("/");
  await signInAs(page, "carol");
  const title = uniqueTitle("Quota Show");
  const showId = await createShow(page, title);
  // Room for the show's cover and not much more: the production's audio does not fit.
  await setStorageQuota("carol", 100 * 1024);
  try {
    await importPastTheQuota(page, request, title, showId);
  } finally {
    await setStorageQuota("carol", "default");
  }
});

async function importPastTheQuota(page: Page, request: APIRequestContext, title: string, showId: string) {
  await page.goto("/account");
  await expect(page.getByTestId("storage-quota")).toHaveText(/^Storage: [\d.]+ KiB of 100 KiB used$/);
  await expect(page.getByRole("meter", { name: /Storage: .* of 100 KiB used/ })).toBeVisible();

  const response = await request.post(`${SANDBOX_URL}/control/api/productions`, { data: { username: "carol", display_name: `${title} - Publish Now` } });
  expect(response.status()).toBe(201);
  const failures = page.getByRole("list", { name: "Failed imports" });
  await expect(async () => {
    await page.goto("/dashboard");
    await expect(failures.getByRole("listitem").filter({ hasText: title })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const row = failures.getByRole("listitem").filter({ hasText: title });
  await expect(row).toContainText(/left under your storage quota of 100 KiB/);
  await expect(row).toContainText("Nothing was stored.");
  await expect(page.getByTestId("storage-quota")).toHaveText(/of 100 KiB used$/);

  // The episode page says the same and offers the retry; with room made, the retry imports it.
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("import-state")).toHaveText("The import failed.");
  // The import error (and the job's last error below it) name the quota.
  await expect(page.getByText(/storage quota of 100 KiB/).first()).toBeVisible();
  await setStorageQuota("carol", "unlimited");
  await page.getByRole("button", { name: "Retry import" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("import-state")).toHaveText(/Imported \(version 1\)/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.goto(`/shows/${showId}`);
  await expect(page.getByRole("list", { name: "Episodes" }).getByTestId("episode-state")).toHaveText("published");
  await page.goto("/dashboard");
  await expect(page.getByTestId("storage-quota")).toHaveText(/^Storage: [\d.]+ (KiB|MiB) used \(no limit\)$/);
}

test("the dashboard shows the quotas on a phone's width", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/");
  await signInAs(page, "carol");
  const section = page.getByTestId("quota-summary");
  await expect(section.getByRole("heading", { name: "Your quotas" })).toBeVisible();
  await expect(section.getByTestId("move-in-quota")).toHaveText("0 of 1");
  await expect(section.getByTestId("preview-quota")).toHaveText(/^\d+ of 30$/);
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
