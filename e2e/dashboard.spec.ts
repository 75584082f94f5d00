import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { revokeSandboxTokens, SANDBOX_URL } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { waitForSignInReconciliation } from "./helpers/reconciliation";
import { signInAs } from "./helpers/sign-in";

// The dashboard never waits for Auphonic: the account box shows what was last read, as of when, and a check with
// Auphonic runs in the background; at a glance: the next release, the week's downloads, the newest episodes.

async function setFaults(request: APIRequestContext, faults: Record<string, number>) {
  const response = await request.post(`${SANDBOX_URL}/control/api/faults`, { data: faults });
  expect(response.ok()).toBe(true);
}

async function userJsonRequests(request: APIRequestContext): Promise<number> {
  const response = await request.get(`${SANDBOX_URL}/control/api/requests`);
  const { requests } = (await response.json()) as { requests: { path: string }[] };
  return requests.filter((record) => record.path === "/api/user.json").length;
}

test("with Auphonic answering 8 s late, the dashboard answers at once with the stored account, and a check runs in the background", async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto("/");
  await signInAs(page, "bob");
  await createShow(page, uniqueTitle("Quick Show"), { withConnections: false });
  await setFaults(request, { apiDelayMs: 8000 });
  try {
    expect((await request.delete(`${SANDBOX_URL}/control/api/requests`)).ok()).toBe(true);
    const started = Date.now();
    await page.goto("/dashboard", { timeout: 6000 });
    await expect(page.getByTestId("auphonic-username")).toHaveText("bob", { timeout: 4000 });
    await expect(page.getByTestId("auphonic-credits")).toHaveText("2.5 hours", { timeout: 1000 });
    expect(Date.now() - started, "the dashboard answered within 2 s").toBeLessThan(2000);
    await expect(page.getByTestId("auphonic-account-as-of")).toContainText(/As of .+\d\d:\d\d/);
    await expect(page.getByTestId("recent-downloads-total")).toHaveText("0");
    await expect(page.getByTestId("next-release")).toContainText("Nothing scheduled");
    expect(await userJsonRequests(request), "the page itself asked Auphonic nothing").toBe(0);

    // Asking for a check returns at once too; the box says it is checking and updates by itself when Auphonic answers.
    const asOf = await page.getByTestId("auphonic-account-as-of").locator("time").getAttribute("datetime");
    const clicked = Date.now();
    await page.getByRole("button", { name: "Check now" }).click();
    await expect(page.getByTestId("auphonic-account-checking")).toBeVisible({ timeout: 4000 });
    expect(Date.now() - clicked, "the check was queued without waiting for Auphonic").toBeLessThan(4000);
    await expect(page.getByTestId("auphonic-username")).toHaveText("bob");
    await expect(page.getByTestId("auphonic-account-checking")).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId("auphonic-account-as-of").locator("time")).not.toHaveAttribute("datetime", asOf ?? "");
    await expect(page.getByTestId("auphonic-account-failure")).toHaveCount(0);
    expect(await userJsonRequests(request)).toBeGreaterThanOrEqual(1);
  } finally {
    await setFaults(request, { apiDelayMs: 0 });
  }
});

/** Makes the creator's stored account details `minutes` older in the e2e database, as time passing would. */
async function ageAccountDetails(username: string, minutes: number) {
  const code = `const pg = require("pg");
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
client.connect()
  .then(() => client.query('UPDATE "User" SET "auphonicAccountAsOf" = "auphonicAccountAsOf" - make_interval(mins => $2), "auphonicAccountTriedAt" = "auphonicAccountTriedAt" - make_interval(mins => $2), "auphonicAccountRequestedAt" = "auphonicAccountRequestedAt" - make_interval(mins => $2) WHERE username = $1', [process.argv[1], Number(process.argv[2])]))
  .then((result) => { if (result.rowCount !== 1) process.exitCode = 1; return client.end(); });`;
  await promisify(execFile)("npx", ["tsx", "scripts/with-database.ts", "--", "node", "-e", code, username, String(minutes)], { env: { ...process.env, ...e2eEnv } });
}

test("old account details are shown at once, as of when, while a refresh queued by the page brings new ones", async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto("/");
  await signInAs(page, "bob");
  await ageAccountDetails("bob", 60);
  await setFaults(request, { apiDelayMs: 8000 });
  try {
    const started = Date.now();
    await page.goto("/dashboard", { timeout: 6000 });
    await expect(page.getByTestId("auphonic-credits")).toHaveText("2.5 hours", { timeout: 4000 });
    expect(Date.now() - started, "the dashboard answered within 2 s").toBeLessThan(2000);
    const asOf = await page.getByTestId("auphonic-account-as-of").locator("time").getAttribute("datetime");
    expect(Date.now() - Date.parse(asOf!)).toBeGreaterThan(59 * 60_000);
    // The page queued a refresh after its answer: the next view says so, and updates itself when it is done.
    await expect(async () => {
      await page.goto("/dashboard", { timeout: 6000 });
      await expect(page.getByTestId("auphonic-account-checking")).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await expect(page.getByTestId("auphonic-account-checking")).toHaveCount(0, { timeout: 30_000 });
    const newAsOf = await page.getByTestId("auphonic-account-as-of").locator("time").getAttribute("datetime");
    expect(Date.now() - Date.parse(newAsOf!)).toBeLessThan(60_000);
  } finally {
    await setFaults(request, { apiDelayMs: 0 });
  }
});

test("a check that fails says when and why, and keeps the last details", async ({ page, request }) => {
  await page.goto("/");
  await signInAs(page, "bob");
  await setFaults(request, { api500: 50 });
  try {
    await page.getByRole("button", { name: "Check now" }).click();
    await expect(page.getByTestId("auphonic-account-failure")).toContainText("did not work", { timeout: 20_000 });
    await expect(page.getByTestId("auphonic-account-failure")).toContainText("The details above are from the last check that did.");
    await expect(page.getByTestId("auphonic-credits")).toHaveText("2.5 hours");
  } finally {
    await setFaults(request, { api500: 0 });
  }
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByTestId("auphonic-account-failure")).toHaveCount(0, { timeout: 20_000 });
});

test("a token refused at the background check brings the reconnect prompt; signing in again reconnects", async ({ page, request }) => {
  await page.goto("/");
  const since = new Date().toISOString();
  await signInAs(page, "carol");
  await waitForSignInReconciliation(request, since);
  await revokeSandboxTokens(request, "carol");
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByRole("heading", { name: "Reconnect your Auphonic account" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("auphonic-username")).toHaveCount(0);
  await signInAs(page, "carol", { button: "Reconnect Auphonic" });
  await expect(page.getByTestId("auphonic-username")).toHaveText("carol");
  await expect(page.getByRole("heading", { name: "Reconnect your Auphonic account" })).toHaveCount(0);
});

test("the newest episodes, with show and state, and a long show title fit a 390 px wide phone", async ({ page, request }) => {
  await page.goto("/");
  await signInAs(page, "alice");
  const title = uniqueTitle("Supercalifragilisticexpialidociouslylongshow");
  const episodeTitle = uniqueTitle("Episode For The Dashboard");
  await createShow(page, title);
  const response = await request.post(`${SANDBOX_URL}/control/api/productions`, {
    data: { username: "alice", display_name: `${title} - Publish Now`, metadata: { title: episodeTitle } },
  });
  expect(response.status()).toBe(201);
  const recent = page.getByRole("list", { name: "Recent episodes" });
  await expect(async () => {
    await page.goto("/dashboard");
    await expect(recent.getByRole("listitem").filter({ hasText: episodeTitle }).getByTestId("episode-state")).toHaveText("published", { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  await expect(recent.getByRole("listitem").filter({ hasText: episodeTitle })).toContainText(title);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dashboard");
  await expect(page.getByTestId("recent-episodes")).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `the dashboard is ${width} px wide`).toBeLessThanOrEqual(390);
});
