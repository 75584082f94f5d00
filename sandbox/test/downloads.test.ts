import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, control, signIn, startTestSandbox, waitFor, type TestSandbox } from "./helpers.js";

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

let t: TestSandbox;
let token: string;
let uuid: string;
let mp3Path: string;
beforeAll(async () => {
  t = await startTestSandbox({ signedUrlTtlMs: 10_000 });
  token = await signIn(t.base, "alice");
  const created = await control<{ uuid: string; output_files: { filename: string }[] }>(t.base, "/productions", {
    username: "alice",
    deliver: false,
  });
  uuid = created.body.uuid;
  mp3Path = `/api/download/audio-result/${uuid}/${created.body.output_files[0]!.filename}`;
});
afterAll(() => t.sandbox.close());

async function signedLocation(path: string): Promise<string> {
  const response = await api(t.base, path, token);
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

describe("download redirect", () => {
  it("needs the owner's bearer token", async () => {
    expect((await api(t.base, mp3Path)).status).toBe(401);
    const bob = await signIn(t.base, "bob");
    expect((await api(t.base, mp3Path, bob)).status).toBe(403);
    expect((await api(t.base, `/api/download/audio-result/${uuid}/nope.mp3`, token)).status).toBe(404);
  });

  it("redirects to a signed storage URL that serves the exact bytes", async () => {
    const location = await signedLocation(mp3Path);
    const url = new URL(location);
    expect(url.pathname).toBe(mp3Path.replace("/api/download/audio-result", "/storage"));
    expect(url.searchParams.get("signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(url.searchParams.get("expires"))).toBe(t.clock.now + 10_000);

    const response = await fetch(location);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("audio/mpeg");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    expect(md5(bytes)).toBe(md5(fixture("episode.mp3")));
  });

  it("serves the cover through audio-upload", async () => {
    const location = await signedLocation(`/api/download/audio-upload/${uuid}/cover.jpg`);
    const response = await fetch(location);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(md5(new Uint8Array(await response.arrayBuffer()))).toBe(md5(fixture("cover.jpg")));
  });

  it("answers HEAD with the length and no body", async () => {
    const response = await fetch(await signedLocation(mp3Path), { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBe(fixture("episode.mp3").length);
  });
});

describe("storage", () => {
  it("refuses any request with an Authorization header with 400", async () => {
    const response = await fetch(await signedLocation(mp3Path), { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Only one auth mechanism allowed");
  });

  it("refuses a bad signature with 403", async () => {
    const url = new URL(await signedLocation(mp3Path));
    url.searchParams.set("signature", "0".repeat(64));
    expect((await fetch(url)).status).toBe(403);
    url.searchParams.delete("signature");
    expect((await fetch(url)).status).toBe(403);
  });

  it("refuses a tampered expiry with 403", async () => {
    const url = new URL(await signedLocation(mp3Path));
    url.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 1_000_000));
    expect((await fetch(url)).status).toBe(403);
  });

  it("refuses an expired URL with 403 Request has expired", async () => {
    const location = await signedLocation(mp3Path);
    t.clock.now += 10_001;
    const response = await fetch(location);
    t.clock.now = Date.now();
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Request has expired");
  });
});

describe("download faults", () => {
  it("truncates the next download, then serves whole files again", async () => {
    await control(t.base, "/faults", { truncateDownloads: 1 });
    const broken = await fetch(await signedLocation(mp3Path));
    expect(broken.status).toBe(200);
    await expect(broken.arrayBuffer()).rejects.toThrow();

    const whole = await fetch(await signedLocation(mp3Path));
    expect(md5(new Uint8Array(await whole.arrayBuffer()))).toBe(md5(fixture("episode.mp3")));
  });

  it("corrupts the next download with the same length", async () => {
    await control(t.base, "/faults", { corruptDownloads: 1 });
    const response = await fetch(await signedLocation(mp3Path));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBe(fixture("episode.mp3").length);
    expect(md5(bytes)).not.toBe(md5(fixture("episode.mp3")));
  });

  it("answers 403 expired for the next expireSignedUrls links, then serves again", async () => {
    await control(t.base, "/faults", { expireSignedUrls: 1 });
    const location = await signedLocation(mp3Path);
    const expired = await fetch(location);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
    expect((await fetch(location)).status).toBe(200);
  });

  it("redirects to another host with redirectForeignHost", async () => {
    await control(t.base, "/faults", { redirectForeignHost: true });
    const location = await signedLocation(mp3Path);
    await control(t.base, "/faults", { redirectForeignHost: false });
    const url = new URL(location);
    expect(url.hostname).toBe("127.0.0.2");
    expect(url.port).toBe(new URL(t.base).port);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(md5(new Uint8Array(await response.arrayBuffer()))).toBe(md5(fixture("episode.mp3")));
  });

  it("counts the requests that reach the foreign host, and those carrying Authorization", async () => {
    type ForeignHost = { foreignHost: { requests: number; withAuthorization: number } };
    const before = (await control<ForeignHost>(t.base, "/state")).body.foreignHost;
    await control(t.base, "/faults", { redirectForeignHost: true });
    const url = new URL(await signedLocation(mp3Path));
    await control(t.base, "/faults", { redirectForeignHost: false });
    await (await fetch(url)).arrayBuffer();
    expect((await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(400);
    expect((await control<ForeignHost>(t.base, "/state")).body.foreignHost).toEqual({
      requests: before.requests + 2,
      withAuthorization: before.withAuthorization + 1,
    });
  });

  it("stalls the next download halfway until the client goes away", async () => {
    type Stalled = { stalledDownloads: number };
    await control(t.base, "/faults", { stallDownloads: 1 });
    const controller = new AbortController();
    const response = await fetch(await signedLocation(mp3Path), { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = 0;
    while (received < Math.floor(fixture("episode.mp3").length / 2)) received += (await reader.read()).value!.length;
    expect(received).toBe(Math.floor(fixture("episode.mp3").length / 2));
    expect((await control<Stalled>(t.base, "/state")).body.stalledDownloads).toBe(1);
    controller.abort();
    await waitFor(async () => ((await control<Stalled>(t.base, "/state")).body.stalledDownloads === 0 ? true : undefined));

    const whole = await fetch(await signedLocation(mp3Path));
    expect(md5(new Uint8Array(await whole.arrayBuffer()))).toBe(md5(fixture("episode.mp3")));
  });
});
