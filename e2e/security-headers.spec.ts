import { expect, test, type Page } from "@playwright/test";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

/** Every console message the browser writes about a Content-Security-Policy violation. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("pages send the security headers and a per-view script nonce, and run with no policy violation", async ({ page, request }) => {
  const violations = collectViolations(page);
  const landing = await page.goto("/");
  const headers = landing!.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  const policy = headers["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-inline' 'strict"); // scripts: nonce, never 'unsafe-inline'
  const again = await request.get("/");
  expect(again.headers()["content-security-policy"]).not.toBe(policy); // a fresh nonce per view

  // The interactive parts work under the policy: sign-in, a form with a file, the show page.
  await signInAs(page, "alice");
  await createShow(page, uniqueTitle("CSP Show"));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("CSP Show");
  expect(violations).toEqual([]);

  // Answers that do not come from a page carry the same headers (no page policy: they run no script).
  for (const path of ["/api/health", "/podcasts/no-such-show/feed.xml"]) {
    const answer = await request.get(path);
    expect(answer.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(answer.headers()["x-frame-options"], path).toBe("DENY");
  }
});
