import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { finishProduction, openEpisodeWhen } from "./helpers/episodes";
import { SANDBOX_URL } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// Account actions that end the session ask first (a disclosure, no script dialog) and say on the landing page what
// they did, with focus there. At a desktop and a phone width.

const disclosure = (page: Page, label: string) => page.locator("summary", { hasText: label });

async function expectNoSidewaysScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** The import of a production as the database has it: while signed out, no page can show it. */
async function importOf(productionUuid: string): Promise<{ importState: string; importError: string | null } | null> {
  const query = `const c = new (require("pg").Client)({ connectionString: process.env.DATABASE_URL });
    c.connect().then(() => c.query('SELECT "importState", "importError" FROM "Episode" WHERE "productionUuid" = $1', [process.argv[1]]))
      .then((r) => { console.log(JSON.stringify(r.rows[0] ?? null)); return c.end(); })`;
  const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/with-database.ts", "--", "node", "-e", query, productionUuid], { env: { ...process.env, ...e2eEnv } });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { importState: string; importError: string | null } | null;
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

    test("an import that failed while disconnected runs by itself after signing in again", async ({ page, request }) => {
      test.setTimeout(90_000);
      await page.goto("/");
      await signInAs(page, "alice");
      const title = uniqueTitle("Reconnect Show");
      const showId = await createShow(page, title);
      await page.goto("/account");
      await disclosure(page, "Disconnect Auphonic").click();
      await page.getByRole("button", { name: "Yes, disconnect Auphonic" }).click();
      await expect(page).toHaveURL(/\/\?disconnected=auphonic$/);

      const production = await finishProduction(request, `${title} - Publish Now`);
      await expect(async () => {
        expect(await importOf(production.uuid)).toMatchObject({ importState: "failed", importError: expect.stringMatching(/^Reconnect your Auphonic account/) });
      }).toPass({ timeout: 30_000 });

      await signInAs(page, "alice"); // nothing else: no "Retry import"
      await openEpisodeWhen(page, showId, "published");
      await expect(page.getByTestId("import-state")).toContainText("Imported (version 1)");
      await expectNoSidewaysScroll(page, width);
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

test.describe("deleting the account", () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px removes the media files at once, as the page says`, async ({ page, request }) => {
      test.skip(e2eEnv.STORAGE_DRIVER === "s3", "reads the local media folder (lib/users/account.integration.test.ts covers S3)");
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      await page.goto("/");
      await signInAs(page, "carol");
      const title = uniqueTitle("Short-lived Show");
      const showId = await createShow(page, title);
      const produced = await request.post(`${SANDBOX_URL}/control/api/productions`, { data: { username: "carol", display_name: `${title} - Publish Now` } });
      expect(produced.status()).toBe(201);
      await openEpisodeWhen(page, showId, "published");
      const episodeId = /\/episodes\/([a-z0-9]+)$/.exec(page.url())![1]!;
      const folder = path.resolve(e2eEnv.MEDIA_DIR!, "episodes", episodeId);
      expect(filesIn(folder).length).toBeGreaterThan(0);

      await page.goto("/account");
      await expect(page.getByText("are removed from storage at once")).toBeVisible();
      await page.getByLabel("Type carol to confirm").fill("carol");
      await page.getByRole("button", { name: "Delete my account" }).click();
      await expect(page).toHaveURL(/\/\?deleted=account$/);
      await expect(page.getByTestId("account-outcome")).toContainText("its media files included");
      await expect(page.getByTestId("account-outcome")).toBeFocused();
      expect(filesIn(folder)).toEqual([]);
      await expectNoSidewaysScroll(page, width);
    });
  }
});

function filesIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}
