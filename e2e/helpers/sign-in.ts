import { expect, type Page } from "@playwright/test";

/** Signs in through the sandbox's real OAuth pages as one of its seeded users. */
export async function signInAs(page: Page, username: string, buttonName = "Sign in with Auphonic") {
  await page.getByRole("button", { name: buttonName }).click();
  await expect(page.getByRole("heading", { name: "Authorize Podhaven" })).toBeVisible();
  await page.getByRole("button", { name: `Authorize as ${username}` }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
