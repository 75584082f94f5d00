import { expect, test } from "@playwright/test";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// "Add to my Auphonic presets" on a connection: the checked presets list the connection in Auphonic (the page reads
// them back from the sandbox), unchecking takes it out again; and a production Podhaven does not know is a 404.

// The page and Auphonic's answers, not media: the S3 pass (which runs every other spec again) leaves this out.
test.skip(process.env.STORAGE_DRIVER === "s3", "runs in the local pass (npm test); it does not test media storage");

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await signInAs(page, "alice");
});

test("a connection is added to a preset and removed again, as Auphonic's presets say", async ({ page }) => {
  const title = uniqueTitle("Presets");
  await createShow(page, title);
  await page.getByRole("link", { name: `${title} - Publish Now` }).click();
  const section = page.getByRole("region", { name: "Add to my Auphonic presets" });
  const standard = section.getByRole("checkbox", { name: "Podcast Standard" });
  const interview = section.getByRole("checkbox", { name: "Interview Two Voices" });
  await expect(standard).not.toBeChecked();
  await expect(interview).not.toBeChecked();

  await standard.check();
  await section.getByRole("button", { name: "Save presets" }).click();
  await expect(section.getByRole("status")).toHaveText("Saved: this connection was added to 1 preset.");
  // Read back from Auphonic: the preset lists this connection now, the other one does not.
  await page.reload();
  await expect(standard).toBeChecked();
  await expect(interview).not.toBeChecked();

  await standard.uncheck();
  await section.getByRole("button", { name: "Save presets" }).click();
  await expect(section.getByRole("status")).toHaveText("Saved: this connection was removed from 1.");
  await page.reload();
  await expect(standard).not.toBeChecked();
});

test("a production Podhaven does not know, or another creator's, is not found", async ({ page }) => {
  for (const uuid of ["qAgrWNDb4HFCnbi6LU37UC", "x".repeat(5000), "%00"]) {
    const response = await page.goto(`/auphonic/productions/${uuid}`);
    expect(response?.status()).toBe(404);
  }
  const status = await page.request.get("/api/auphonic/productions/qAgrWNDb4HFCnbi6LU37UC/status");
  expect(status.status()).toBe(404);
});
