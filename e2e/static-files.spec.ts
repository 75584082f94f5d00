import { expect, test } from "@playwright/test";

// public/ holds the app's static files (scripts/make-static-images.ts): icons, robots.txt, the manifest's icons,
// the default artwork and the social image that link previews show.
test("static files are served with their types, and pages point at them", async ({ page, request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.headers()["content-type"]).toContain("text/plain");
  expect(await robots.text()).toMatch(/Disallow: \/dashboard/);

  for (const [path, type] of [
    ["/favicon.ico", "image/"],
    ["/apple-touch-icon.png", "image/png"],
    ["/default-artwork.png", "image/png"],
    ["/social-image.png", "image/png"],
  ]) {
    const response = await request.get(path!);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toContain(type);
  }

  const manifest = (await (await request.get("/manifest.webmanifest")).json()) as { name: string; icons: { src: string }[] };
  expect(manifest.name).toBe("Podhaven");
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);

  await page.goto("/");
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", /\/social-image\.png$/);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
});

test("an unknown or unpublished address gets the branded 404 page", async ({ page }) => {
  for (const path of ["/podcasts/no-such-show-here", "/podcasts/no-such-show-here/episodes/nope", "/no/such/page"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "This page is not here" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Podhaven home" })).toHaveAttribute("href", "/");
  }
});
