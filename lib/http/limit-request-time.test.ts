// The whole-request limit server.ts applies per request: a slow body is cut off with 408 (an upload's later than
// others'), and a body still trickling after its answer (a refusal that read nothing) is cut off soon after it.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { limitRequestTime } from "./limit-request-time";

const server = createServer((request, response) => {
  limitRequestTime(request, response, { requestMs: 300, uploadMs: 900 });
  // A refusal that reads nothing, as the upload route answers a visitor who is not signed in.
  if (request.url?.includes("refuse")) {
    response.writeHead(401).end("Sign in to upload.");
    return;
  }
  request.resume();
  request.on("end", () => {
    if (!response.headersSent) response.end("done");
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as AddressInfo).port;
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Sends a body in two halves `pauseMs` apart; resolves with the status, or "closed" when the connection was cut. */
function slowPost(path: string, pauseMs: number): Promise<number | "closed"> {
  return new Promise((resolve) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, path, method: "POST", headers: { "Content-Length": "10" } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on("error", () => resolve("closed"));
    outgoing.write("hello");
    setTimeout(() => outgoing.end("world"), pauseMs);
  });
}

/** Sends one byte every 50 ms of a body declared as 1 MB; resolves with the status and when the server cut the connection. */
function trickle(path: string): Promise<{ status: number; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let status = 0;
    const outgoing = httpRequest({ host: "127.0.0.1", port, path, method: "POST", headers: { "Content-Length": "1000000" } }, (response) => {
      status = response.statusCode ?? 0;
      response.resume();
    });
    const sender = setInterval(() => outgoing.write("x"), 50);
    outgoing.on("error", () => {});
    outgoing.on("close", () => {
      clearInterval(sender);
      resolve({ status, closedAfterMs: Date.now() - started });
    });
    // A client that goes on past this is not cut off at all: the test fails on its status and time.
    setTimeout(() => outgoing.destroy(), 10_000).unref();
  });
}

describe("limitRequestTime", () => {
  it("answers 408 to a body slower than the limit", async () => {
    expect(await slowPost("/shows/x/edit", 700)).toBe(408);
  });

  it("lets a body within the limit arrive", async () => {
    expect(await slowPost("/shows/x/edit", 50)).toBe(200);
    expect(await slowPost("/api/uploads?filename=a.mp3", 600)).toBe(200);
  });

  it("gives the upload path its own, longer limit, not none", async () => {
    expect(await slowPost("/api/uploads?filename=a.mp3", 1_200)).toBe(408);
    expect(await slowPost("/api/uploads", 1_200)).toBe(408);
    // Only the upload path: a look-alike has the ordinary limit.
    expect(await slowPost("/api/uploadsX", 600)).toBe(408);
  });

  it("cuts off a trickling body the route answered without reading, on the upload path too", async () => {
    const upload = await trickle("/api/uploads?filename=refuse.mp3");
    expect(upload.status).toBe(401);
    expect(upload.closedAfterMs).toBeLessThan(1_500);
    const page = await trickle("/refuse");
    expect(page.status).toBe(401);
    expect(page.closedAfterMs).toBeLessThan(800);
  });
});
