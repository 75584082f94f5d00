import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers/sign-in";

// The upload route as server.ts serves it, over a raw connection: a refusal that reads none of the body closes the
// connection, so a client trickling a body it was refused cannot hold it open.

/** POSTs to the app, sending one byte every 50 ms of the body `headers` declare; the status and when the server cut it. */
function trickle(path: string, headers: Record<string, string>): Promise<{ status: number; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let status = 0;
    const outgoing = httpRequest({ host: "localhost", port: 3210, path, method: "POST", headers }, (response) => {
      status = response.statusCode ?? 0;
      response.resume();
    });
    const sender = setInterval(() => outgoing.write("x"), 50);
    outgoing.on("error", () => {});
    outgoing.on("close", () => {
      clearInterval(sender);
      resolve({ status, closedAfterMs: Date.now() - started });
    });
    setTimeout(() => outgoing.destroy(), 20_000).unref();
  });
}

test("a refused upload's connection is closed at once, signed out or not, however slowly its body comes", async ({ page }) => {
  const signedOut = await trickle("/api/uploads?filename=a.mp3", { "Content-Length": "100000000" });
  expect(signedOut.status).toBe(401);
  expect(signedOut.closedAfterMs).toBeLessThan(5_000);

  await page.goto("/");
  await signInAs(page, "carol");
  const cookie = (await page.context().cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
  // Declared over the per-file limit: refused before a byte is read.
  const tooLarge = await trickle("/api/uploads?filename=a.mp3", { Cookie: cookie, "Content-Length": "99999999999" });
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.closedAfterMs).toBeLessThan(5_000);
  // No Content-Length (its size is reserved before the body is read): 411.
  const unsized = await trickle("/api/uploads?filename=a.mp3", { Cookie: cookie, "Transfer-Encoding": "chunked" });
  expect(unsized.status).toBe(411);
  expect(unsized.closedAfterMs).toBeLessThan(5_000);
});
