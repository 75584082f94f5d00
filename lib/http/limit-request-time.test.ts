// The whole-request limit server.ts applies per request: a slow body elsewhere is cut off with 408, an upload's is not.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { limitRequestTime } from "./limit-request-time";

const server = createServer((request, response) => {
  limitRequestTime(request, response, 300);
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

describe("limitRequestTime", () => {
  it("answers 408 to a body slower than the limit", async () => {
    expect(await slowPost("/shows/x/edit", 700)).toBe(408);
  });

  it("lets a body within the limit, and any body to /api/uploads, arrive", async () => {
    expect(await slowPost("/shows/x/edit", 50)).toBe(200);
    expect(await slowPost("/api/uploads?filename=a.mp3", 700)).toBe(200);
    expect(await slowPost("/api/uploadsX", 700)).toBe(408);
  });
});
