import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers/sign-in";

// Account actions that end the session ask first (a disclosure, no script dialog) and say on the landing page what
// they did, with focus there. At a desktop and a phone width.

const disclosure = (page: Page, label: string) => page.locator("summary", { hasText: label });

async function expectNoSidewaysScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

for (const width of [1280, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 500 ? 900 : 844 } });

    test("sign out everywhere asks first, then says it happened", async ({ page }) => {
      await page.goto("/");
      await signInAs(page, "carol");
      await page.goto("/account");
      const confirm = page.getByRole("button", { name: "Yes, sign out everywhere" });
      await expect(confirm).toBeHidden();

      // Opened from the keyboard; closing it again does nothing.
      await disclosure(page, "Sign out everywhere").focus();
      await page.keyboard.press("Enter");
      await expect(confirm).toBeVisible();
      await expectNoSidewaysScroll(page, width);
      await page.keyboard.press("Enter");
      await expect(confirm).toBeHidden();
      await page.reload();
      await expect(page.getByTestId("header-username")).toHaveText("carol");

      await disclosure(page, "Sign out everywhere").click();
      await confirm.click();
      await expect(page).toHaveURL(/\/\?signedOut=everywhere$/);
      const outcome = page.getByTestId("account-outcome");
      await expect(outcome).toContainText("You are signed out everywhere");
      await expect(outcome).toBeFocused();
      await expect(outcome).toBeInViewport();
      await expectNoSidewaysScroll(page, width);
      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/$/);
    });

    test("disconnect asks first, then says what happened; signing in again reconnects", async ({ page }) => {
      await page.goto("/");
      await signInAs(page, "carol");
      await page.goto("/account");
      const confirm = page.getByRole("button", { name: "Yes, disconnect Auphonic" });
      await expect(confirm).toBeHidden();
      await disclosure(page, "Disconnect Auphonic").click();
      await expect(confirm).toBeVisible();
      await expect(page.getByText("Podhaven forgets your Auphonic token now")).toBeVisible();
      await expectNoSidewaysScroll(page, width);

      await confirm.click();
      await expect(page).toHaveURL(/\/\?disconnected=auphonic$/);
      const outcome = page.getByTestId("account-outcome");
      await expect(outcome).toContainText("Auphonic is disconnected");
      await expect(outcome).toBeFocused();
      await expect(outcome).toBeInViewport();
      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/$/);

      await signInAs(page, "carol");
      await expect(page.getByTestId("auphonic-username")).toHaveText("carol");
    });
  });
}

test("an outcome nobody asked for shows nothing", async ({ page }) => {
  for (const query of ["signedOut=elsewhere", "disconnected=auphonic&disconnected=x", "deleted=constructor", "signedOut=%00"]) {
    await page.goto(`/?${query}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Podcast hosting");
    await expect(page.getByTestId("account-outcome")).toHaveCount(0);
  }
});
