import { expect, type Page } from "@playwright/test";

type Options = { button?: string; returnsTo?: RegExp };

/** Signs in through the sandbox's real OAuth pages as one of its seeded users. */
export async function signInAs(page: Page, username: string, { button = "Sign in with Auphonic", returnsTo = /\/dashboard$/ }: Options = {}) {
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("heading", { name: "Authorize Podhaven" })).toBeVisible();
  await page.getByRole("button", { name: `Authorize as ${username}` }).click();
  await expect(page).toHaveURL(returnsTo);
}
