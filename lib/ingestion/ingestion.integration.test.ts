// The ingestion core's checks, through both of its sources, over real HTTP into a real database and storage: an old
// feed's enclosures that trickle, never end, come gzip-compressed (a bomb) or are an HTML page labelled audio/mpeg
// end as failed (or retrying) move-in items with their reason and nothing stored; an Auphonic result file that is
// a web page fails the import with the same reason. Small limits (env) keep it quick.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";
import { deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { getFixture, overrideFixture } from "@/sandbox/fixtures";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-ingestion-"));
const AUDIO = readFileSync(path.resolve("sandbox/fixtures/episode.mp3"));
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024));
const PAGE = "<!doctype html><html><head><title>Moved</title></head><body><p>Our new website!</p></body></html>";
const MIN_RATE = 4096;

const requests: { path: string; acceptEncoding: string | undefined }[] = [];
const open = new Set<ServerResponse>();
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  requests.push({ path: url.pathname, acceptEncoding: request.headers["accept-encoding"] });
  open.add(response);
  response.on("close", () => open.delete(response));
  const feed = (items: string[]) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile host</title><link>https://old.example</link><description>d</description>${items
      .map((name) => `<item><title>${name}</title><guid>${name}</guid><enclosure url="${base}/audio/${name}.mp3" length="${AUDIO.length}" type="audio/mpeg"/></item>`)
      .join("")}</channel></rss>`;
  if (url.pathname === "/feed.xml") return response.writeHead(200, { "Content-Type": "application/rss+xml" }).end(feed(["trickle", "endless", "bomb", "page"]));
  if (url.pathname === "/trickle-feed.xml") {
    // An old feed read while a person waits: its start, then a byte every 100 ms.
    const text = feed(["one"]);
    response.writeHead(200, { "Content-Type": "application/rss+xml" });
    response.write(text.slice(0, 100));
    let sent = 100;
    const timer = setInterval(() => response.write(text.slice(sent, ++sent)), 100);
    return response.on("close", () => clearInterval(timer));
  }
  if (url.pathname === "/audio/trickle.mp3") {
    // Real MP3 bytes (it would pass the sniff), then a byte every 100 ms: far below the minimum rate.
    response.writeHead(200, { "Content-Type": "audio/mpeg", "Content-Length": AUDIO.length });
    response.write(AUDIO.subarray(0, 8192));
    let sent = 8192;
    const timer = setInterval(() => response.write(AUDIO.subarray(sent, ++sent)), 100);
    return response.on("close", () => clearInterval(timer));
  }
  if (url.pathname === "/audio/endless.mp3") {
    // Fast enough, but never ending: the overall deadline stops it.
    response.writeHead(200, { "Content-Type": "audio/mpeg" });
    let offset = 0;
    const timer = setInterval(() => {
      response.write(AUDIO.subarray(offset % AUDIO.length, (offset % AUDIO.length) + 16_384));
      offset += 16_384;
    }, 50);
    return response.on("close", () => clearInterval(timer));
  }
  if (url.pathname === "/audio/bomb.mp3") return response.writeHead(200, { "Content-Type": "audio/mpeg", "Content-Encoding": "gzip", "Content-Length": BOMB.length }).end(BOMB);
  if (url.pathname === "/audio/page.mp3") return response.writeHead(200, { "Content-Type": "audio/mpeg", "Content-Length": Buffer.byteLength(PAGE) }).end(PAGE);
  response.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { sandbox, base: auphonicBase } = await startTestSandbox();
Object.assign(process.env, {
  AUPHONIC_BASE_URL: auphonicBase,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mediaDir,
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  IMPORT_MAX_ATTEMPTS: "2",
  FETCH_DEADLINE_MS: "3000",
  FETCH_MIN_BYTES_PER_SEC: String(MIN_RATE),
  FETCH_RATE_WINDOW_MS: "500",
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { previewMoveIn } = await import("@/lib/move-in/preview-move-in");
const { startMoveIn } = await import("@/lib/move-in/start-move-in");
const { runDueScheduledJobs } = await import("@/lib/jobs/scheduled-jobs");
await import("@/lib/move-in/move-in-jobs"); // the move-in's job kinds, as the worker loads them
const { stopJobEngine } = await import("@/lib/jobs/job-engine");
const { getStorage } = await import("@/lib/storage/media-storage");

afterAll(async () => {
  for (const response of open) response.destroy();
  await new Promise((resolve) => server.close(resolve));
  await stopJobEngine();
  await sandbox.close();
  await db.$disconnect();
});

describe("the ingestion core", () => {
  it("stops a trickle and an endless download, refuses a gzip bomb unread and an HTML page labelled audio/mpeg, each with its reason", { timeout: 60_000 }, async () => {
    const user = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(auphonicBase, "alice"));
    const { moveInId } = await previewMoveIn(user.id, { kind: "url", url: `${base}/feed.xml` });
    await startMoveIn(user.id, { moveInId, slug: "hostile-host", ownerEmail: "a@example.com", category: "Arts" });

    const started = Date.now();
    await runDueScheduledJobs();
    // The trickle goes after one rate window, the endless one at the deadline: never the hours a trickle would take.
    expect(Date.now() - started).toBeLessThan(20_000);

    const items = Object.fromEntries((await db.moveInItem.findMany({ where: { moveInId } })).map((item) => [item.guid, item]));
    expect(items.trickle).toMatchObject({
      state: "queued",
      error: expect.stringMatching(/^Retrying: The audio file arrived at \d+ bytes\/s over 500 ms, below the minimum of 4096 bytes\/s \(FETCH_MIN_BYTES_PER_SEC\)/),
    });
    expect(items.endless).toMatchObject({ state: "queued", error: expect.stringMatching(/^Retrying: The audio file did not arrive within 3 s \(FETCH_DEADLINE_MS\)/) });
    expect(items.bomb).toMatchObject({ state: "failed", error: expect.stringMatching(/^The audio file was sent compressed \(Content-Encoding: gzip\).*refused unread/) });
    expect(items.page).toMatchObject({
      state: "failed",
      error: "The audio file is not audio or video: its first bytes are a web page (HTML), though it was served as audio/mpeg.",
    });
    // Media is asked for as it is, and nothing of any of them was stored.
    expect(requests.filter((request) => request.path.startsWith("/audio/")).every((request) => request.acceptEncoding === "identity")).toBe(true);
    const storage = await getStorage();
    for (const item of Object.values(items)) expect(await storage.list(`episodes/${item.episodeId}/`)).toEqual([]);
    expect(await db.episode.count({ where: { guid: { in: Object.keys(items) } } })).toBe(0);
  });

  it("stops reading an old feed that trickles, for a preview, with its reason", { timeout: 30_000 }, async () => {
    const user = await saveAuphonicSignIn({ userId: "carol-id", username: "carol", email: null, credits: 1 }, await signIn(auphonicBase, "carol"));
    const started = Date.now();
    await expect(previewMoveIn(user.id, { kind: "url", url: `${base}/trickle-feed.xml` })).rejects.toMatchObject({
      message: expect.stringMatching(/The feed arrived at \d+ bytes\/s over 500 ms, below the minimum of 4096 bytes\/s \(FETCH_MIN_BYTES_PER_SEC\)/),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("fails an Auphonic import whose result file is a web page, with the same reason, and keeps nothing", { timeout: 30_000 }, async () => {
    const user = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(auphonicBase, "bob"));
    const show = await saveShow(user.id, null, showInput("bobs"), null);
    const connection = await createConnection(user.id, show.id, { displayName: "Bob - Publish", customData: '{"publishState":"publish"}' });
    const original = getFixture("mp3").path;
    overrideFixture("mp3", path.resolve("sandbox/fixtures/episode.html"));
    try {
      const production = await finishProduction(auphonicBase, "bob", connection.displayName);
      await deliverWebhook(connection.webhookSecret, production.uuid, '{"publishState":"publish"}');
      await drainImportQueue();
      const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid }, include: { files: true } });
      expect(episode).toMatchObject({ importState: "failed", state: "draft", audioVersion: 0 });
      expect(episode.importError).toMatch(/^The audio file is not audio or video: its first bytes are a web page \(HTML\), though it was served as audio\/mpeg\.$/);
      expect(episode.files).toEqual([]);
      expect(await (await getStorage()).list(`episodes/${episode.id}/`)).toEqual([]);
    } finally {
      overrideFixture("mp3", original);
    }
  });
});
