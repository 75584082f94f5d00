import { expect, type Page } from "@playwright/test";
import path from "node:path";

export const COVER_FIXTURE = path.resolve("sandbox/fixtures/cover.jpg");

/** A title no other test (or earlier run against the same sandbox) uses. */
export function uniqueTitle(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Creates a show through the form; returns its id from the URL. */
export async function createShow(page: Page, title: string, { withConnections = true } = {}) {
  await page.goto("/shows/new");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Description", { exact: true }).fill(`${title}: stories for the whole family.`);
  await page.getByLabel("Owner email").fill("owner@example.com");
  await page.getByLabel("Category").selectOption("Kids & Family");
  await page.getByLabel("Cover art").setInputFiles(COVER_FIXTURE);
  if (!withConnections) await page.getByLabel(/Also create the two usual/).uncheck();
  await page.getByRole("button", { name: "Create show" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const showId = /\/shows\/([^/?]+)/.exec(page.url())?.[1];
  expect(showId).toBeTruthy();
  return showId!;
}

/** Waits for the connection form's scripts, then unfolds its “Edit as JSON” view (the custom_data JSON) if folded away. */
export async function openCustomDataJson(page: Page) {
  // The presets work only once the page is hydrated; typing into the JSON before that could be undone.
  await expect(page.getByRole("button", { name: "Publish now" })).toBeEnabled();
  const summary = page.locator("summary", { hasText: "Edit as JSON" });
  if ((await page.locator("details", { has: summary }).getAttribute("open")) === null) await summary.click();
  await expect(page.getByLabel("custom_data (JSON)")).toBeVisible();
}
