import { expect, test } from "@playwright/test";
import { revokeSandboxTokens } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { waitForSignInReconciliation } from "./helpers/reconciliation";
import { signInAs } from "./helpers/sign-in";

test("a signed-out visit to the dashboard lands on the landing page", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Podcast hosting");
  await expect(page.getByRole("button", { name: "Sign in with Auphonic" })).toBeVisible();
});

test("signing in through the sandbox shows the Auphonic username and credits", async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
  await expect(page.getByTestId("auphonic-username")).toHaveText("alice");
  await expect(page.getByTestId("auphonic-credits")).toHaveText("16.4 hours");
  await expect(page.getByTestId("header-username")).toHaveText("alice");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/$/);
});

test("signing out works before the page's scripts run (a form, not a script)", async ({ page, browser }) => {
  await page.goto("/");
  await signInAs(page, "alice");
  const withoutScripts = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const noScriptPage = await withoutScripts.newPage();
    await noScriptPage.goto("/dashboard");
    await expect(noScriptPage.getByTestId("header-username")).toHaveText("alice");
    await noScriptPage.getByRole("button", { name: "Sign out" }).click();
    await expect(noScriptPage).toHaveURL(/\/$/);
    await noScriptPage.goto("/dashboard");
    await expect(noScriptPage).toHaveURL(/\/$/);
  } finally {
    await withoutScripts.close();
  }
});

test("another sandbox user sees their own account", async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "bob");
  await expect(page.getByTestId("auphonic-username")).toHaveText("bob");
  await expect(page.getByTestId("auphonic-credits")).toHaveText("2.5 hours");
});

test("denying access at Auphonic explains that nothing happened", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in with Auphonic" }).click();
  await page.getByRole("button", { name: "Deny access" }).click();
  await expect(page).toHaveURL(/\/\?error=AccessDenied$/);
  await expect(page.getByRole("alert").filter({ hasText: "You declined access in Auphonic" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/$/);
});

test("a token revoked at Auphonic leads to a one-click reconnect", async ({ page, request }) => {
  await page.goto("/");
  const since = new Date().toISOString();
  await signInAs(page, "carol");
  await expect(page.getByTestId("auphonic-username")).toHaveText("carol");

  await waitForSignInReconciliation(request, since);
  await revokeSandboxTokens(request, "carol");
  // The dashboard asks Auphonic only in the background (e2e/dashboard.spec.ts): a check finds the token refused.
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByRole("heading", { name: "Reconnect your Auphonic account" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("auphonic-username")).toHaveCount(0);

  await signInAs(page, "carol", { button: "Reconnect Auphonic" });
  await expect(page.getByTestId("auphonic-username")).toHaveText("carol");
  await expect(page.getByRole("heading", { name: "Reconnect your Auphonic account" })).toHaveCount(0);
});

test("after Auphonic refuses the token, the page shows the reconnect prompt and the next request is signed out", async ({ page, request }) => {
  await page.goto("/");
  const since = new Date().toISOString();
  await signInAs(page, "carol");
  await waitForSignInReconciliation(request, since);
  await revokeSandboxTokens(request, "carol");
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByRole("heading", { name: "Reconnect your Auphonic account" })).toBeVisible({ timeout: 20_000 });
  await page.goto("/episodes");
  await expect(page).toHaveURL(/\/$/); // the session ended with the refused token
  await signInAs(page, "carol"); // signing in with Auphonic is the reconnect
  await expect(page.getByTestId("auphonic-username")).toHaveText("carol");
});

test("signing out everywhere ends the sessions on every device", async ({ page, browser }) => {
  await page.goto("/");
  await signInAs(page, "carol");
  const otherDevice = await browser.newContext();
  const other = await otherDevice.newPage();
  await other.goto("/");
  await signInAs(other, "carol");
  await other.goto("/episodes");
  await expect(other.getByTestId("header-username")).toHaveText("carol");

  await page.getByRole("link", { name: "Account" }).click();
  await page.locator("summary", { hasText: "Sign out everywhere" }).click(); // it asks first (e2e/account.spec.ts)
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/\?signedOut=everywhere$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/$/); // this device's session ended
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/$/); // and the other's
  await expect(other.getByRole("button", { name: "Sign in with Auphonic" })).toBeVisible();

  await signInAs(other, "carol"); // signing in again works as before
  await expect(other.getByTestId("header-username")).toHaveText("carol");
  await otherDevice.close();
});

test("disconnecting Auphonic signs out everywhere; signing in again reconnects", async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "carol");
  await page.goto("/account");
  await page.locator("summary", { hasText: "Disconnect Auphonic" }).click();
  await page.getByRole("button", { name: "Yes, disconnect Auphonic" }).click();
  await expect(page).toHaveURL(/\/\?disconnected=auphonic$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/$/);
  await signInAs(page, "carol");
  await expect(page.getByTestId("auphonic-username")).toHaveText("carol"); // the account box reads Auphonic again
});

test("deleting the account asks for the username, then removes everything of it", async ({ page, request }) => {
  await page.goto("/");
  await signInAs(page, "carol");
  const title = uniqueTitle("Doomed Show");
  await createShow(page, title, { withConnections: false });
  const publicPage = await page.getByRole("link", { name: "Public show page" }).getAttribute("href");
  expect((await request.get(`${publicPage}/feed.xml`)).status()).toBe(200);

  await page.goto("/account");
  await page.getByLabel("Type carol to confirm").fill("carl");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByTestId("confirmation-error")).toContainText("Type your Auphonic username, carol");
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: title })).toBeVisible(); // nothing was deleted

  await page.goto("/account");
  await page.getByLabel("Type carol to confirm").fill("carol");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/\?deleted=account$/);
  await expect(page.getByRole("status")).toContainText("were deleted");
  await expect(page.getByRole("status")).toBeFocused();

  await signInAs(page, "carol"); // a fresh account: the show is gone
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  expect((await request.get(`${publicPage}/feed.xml`)).status()).toBe(404);

  // Its address is a tombstone: no account, this new one included, can have it again.
  const slug = publicPage!.split("/").pop()!;
  await page.goto("/shows/new");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await expect(page.getByLabel("Address (slug)")).toHaveValue(slug);
  await page.getByLabel("Description", { exact: true }).fill(`${title}, again.`);
  await page.getByLabel("Owner email").fill("owner@example.com");
  await page.getByLabel("Category").selectOption("Kids & Family");
  await page.getByLabel(/Also create the two usual/).uncheck();
  await page.getByRole("button", { name: "Create show" }).click();
  await expect(page.getByTestId("slug-error")).toContainText("uses or used this address");
});
