// Download analytics end to end: real requests for a real imported episode's audio through the direct media path
// (over HTTP, behind one trusted proxy so each "listener" has its own address), recorded, rolled up, counted.
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-analytics-"));
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, { AUPHONIC_BASE_URL: base, APP_URL: "http://localhost:3999", MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", IMPORT_RETRY_BASE_MS: "0", TRUST_PROXY: "1" });

const { db } = await import("@/lib/db");
const { sql } = await import("@/lib/database/sql");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { servePublicMedia } = await import("@/lib/media/serve-public-media");
const { flushDownloadEvents } = await import("@/lib/analytics/record-download-event");
const { rollUpDownloads, RAW_EVENT_RETENTION_DAYS } = await import("@/lib/analytics/roll-up-downloads");
const { getShowAnalytics } = await import("@/lib/analytics/get-show-analytics");
const { downloadsCsv } = await import("@/lib/analytics/downloads-csv");

const APPLE = "AppleCoreMedia/1.0.0.20E252 (iPhone; U; CPU OS 16_4 like Mac OS X; en_us)";
const SPOTIFY = "Spotify/8.8.40 iOS/16.5 (iPhone14,5)";
const OVERCAST = "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

let server: Server;
let origin: string;
let aliceId: string;
let showId: string;
let episodeId: string;
let enclosurePath: string;
let size: number;

async function get(address: string, userAgent: string, range?: string, method = "GET") {
  const response = await fetch(`${origin}${enclosurePath}`, {
    method,
    headers: { "User-Agent": userAgent, "X-Forwarded-For": `198.51.100.99, ${address}`, ...(range ? { Range: `bytes=${range}` } : {}) },
  });
  await response.arrayBuffer();
  expect(response.status).toBe(range ? 206 : 200);
}

const countDownloads = async () => (await db.download.findMany({ where: { episodeId }, orderBy: { app: "asc" } })).map(({ app }) => app);

beforeAll(async () => {
  aliceId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"))).id;
  showId = (await saveShow(aliceId, null, { title: "Counted", slug: "counted", description: "d", author: "a", ownerName: "o", ownerEmail: "o@example.com", language: "en", category: "History", explicit: false, type: "episodic" }, null)).id;
  const connection = await createConnection(aliceId, showId, { displayName: "Counted - Publish Now", customData: '{"publishState":"publish"}' });
  const production = await finishProduction(base, "alice", connection.displayName);
  await deliverWebhook(connection.webhookSecret, production.uuid);
  await drainImportQueue();
  const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid }, include: { files: true } });
  expect(episode.state).toBe("published");
  episodeId = episode.id;
  const enclosure = episode.files.find((file) => file.isEnclosure)!;
  enclosurePath = `/media/${enclosure.key}`;
  size = Number(enclosure.size);
  server = createServer((request, response) => {
    servePublicMedia(request, response).then((isServed) => {
      if (!isServed) response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.close();
  await sandbox.close();
  await db.$disconnect();
});

describe("download analytics", () => {
  let requestDay: Date;

  it("counts a scripted mix of requests the IAB way, idempotently", async () => {
    requestDay = new Date();
    const half = Math.floor(size / 2);
    // Listener A in Apple Podcasts: a probe, the whole file, then the file again in two ranges and once more.
    await get("203.0.113.1", APPLE, "0-1");
    await get("203.0.113.1", APPLE);
    await get("203.0.113.1", APPLE, `0-${half}`);
    await get("203.0.113.1", APPLE, `${half + 1}-`);
    await get("203.0.113.1", APPLE);
    // Listener B in Spotify, once.
    await get("203.0.113.2", SPOTIFY);
    // A crawler takes the whole file: not a listener.
    await get("203.0.113.3", GOOGLEBOT);
    // Listener C only ever probes a few bytes, many times: no download.
    for (let i = 0; i < 5; i++) await get("203.0.113.4", OVERCAST, "0-1");
    await get("203.0.113.4", OVERCAST, "100-200");
    // HEAD requests are not downloads.
    await get("203.0.113.5", SPOTIFY, undefined, "HEAD");
    // Listener A's address in another app: another client.
    await get("203.0.113.1", OVERCAST);

    await flushDownloadEvents();
    const events = await sql.query<{ clientHash: string; requests: number; redirected: boolean }>(`SELECT * FROM "DownloadEvent" ORDER BY id`);
    // One client's requests for the episode within a second are one row; every request is there.
    expect(events.reduce((sum, event) => sum + event.requests, 0)).toBe(14);
    expect(events.every((event) => !event.redirected)).toBe(true);
    // Raw addresses are stored nowhere: only hashes, different per address, the same for one address.
    const stored = JSON.stringify(await sql.query(`SELECT * FROM "DownloadEvent"`));
    expect(stored).not.toMatch(/203\.0\.113|198\.51\.100/);
    expect(new Set(events.map((event) => event.clientHash)).size).toBe(4);

    const first = await rollUpDownloads();
    expect(first).toMatchObject({ events: events.length, downloads: 3 });
    expect(await countDownloads()).toEqual(["Apple Podcasts", "Overcast", "Spotify"]);

    const again = await rollUpDownloads();
    expect(again.downloads).toBe(0);
    expect(await countDownloads()).toHaveLength(3);

    // Listener C finally listens: the day's requests now cover the file, and the next run counts it once.
    await get("203.0.113.4", OVERCAST, "0-");
    await flushDownloadEvents();
    expect((await rollUpDownloads()).downloads).toBe(1);
    expect(await countDownloads()).toEqual(["Apple Podcasts", "Overcast", "Overcast", "Spotify"]);
  });

  it("shows the counts per episode, per day and per app, and exports them as CSV", async () => {
    // As on the day of the requests (a run that crosses midnight UTC looks at that day).
    const analytics = await getShowAnalytics(aliceId, showId, requestDay);
    expect(analytics.episodes).toEqual([expect.objectContaining({ id: episodeId, downloads7d: 4, downloads30d: 4, downloadsTotal: 4 })]);
    expect(analytics.days.at(-1)).toMatchObject({ downloads: 4 });
    expect(analytics.days).toHaveLength(30);
    expect(analytics.apps).toEqual([
      { app: "Overcast", downloads: 2 },
      { app: "Apple Podcasts", downloads: 1 },
      { app: "Spotify", downloads: 1 },
    ]);
    const csv = downloadsCsv(analytics.episodes).split("\r\n");
    expect(csv[0]).toBe("guid,title,downloads_7d,downloads_30d,downloads_total");
    expect(csv[1]).toMatch(/,4,4,4$/);
  });

  it("is the owner's only", async () => {
    const bobId = (await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"))).id;
    await expect(getShowAnalytics(bobId, showId)).rejects.toThrow();
  });

  it("deletes raw events past retention and old salts, and keeps the downloads", async () => {
    const old = new Date(Date.now() - (RAW_EVENT_RETENTION_DAYS + 1) * 86_400_000).toISOString();
    const recent = new Date(Date.now() - (RAW_EVENT_RETENTION_DAYS - 1) * 86_400_000).toISOString();
    for (const when of [old, recent]) {
      await sql.query(
        `INSERT INTO "DownloadEvent" (at, "recordedAt", "episodeId", "showId", "clientHash", "userAgent", "rangeStart", "rangeEnd", bytes, "minBytes")
         VALUES ($1::timestamptz AT TIME ZONE 'UTC', $1::timestamptz AT TIME ZONE 'UTC', $2, $3, 'h', $4, 0, 1, 2, 2)`,
        [when, episodeId, showId, SPOTIFY],
      );
    }
    await sql.query(`INSERT INTO "AnalyticsSalt" (day, salt) VALUES ('2020-01-01', 'old')`);
    const before = await sql.query(`SELECT 1 FROM "DownloadEvent"`);
    const result = await rollUpDownloads();
    expect(result.deletedEvents).toBe(1);
    expect(await sql.query(`SELECT 1 FROM "DownloadEvent"`)).toHaveLength(before.length - 1);
    expect(await sql.query(`SELECT 1 FROM "DownloadEvent" WHERE "recordedAt" < ($1::timestamptz AT TIME ZONE 'UTC')`, [recent])).toHaveLength(0);
    expect(await sql.query(`SELECT 1 FROM "AnalyticsSalt" WHERE day = '2020-01-01'`)).toHaveLength(0);
    expect(await countDownloads()).toHaveLength(4);
  });

  it("counts a full download by the apps isbot takes for bots (AntennaPod, Castbox, Podcast Republic), not the table's crawlers", async () => {
    const agents = ["AntennaPod/3.2.0", "CastBox/9.0.1", "PodcastRepublic/23.0", "Spotify/1.0", "iTMS", "Podcastindex.org/v0.3.3 (Aggrivate)"];
    for (const [index, userAgent] of agents.entries()) await get(`203.0.113.${20 + index}`, userAgent);
    await flushDownloadEvents();
    // Until the next roll-up the page says how many requests wait to be counted, and up to when it has counted.
    const before = await getShowAnalytics(aliceId, showId);
    expect(before).toMatchObject({ waitingRequests: agents.length, countedUntil: expect.any(Date) });
    expect((await rollUpDownloads()).downloads).toBe(3);
    const after = await getShowAnalytics(aliceId, showId);
    expect(after.waitingRequests).toBe(0);
    expect(after.countedUntil!.getTime()).toBeGreaterThan(before.countedUntil!.getTime());
    expect(await countDownloads()).toEqual(["AntennaPod", "Apple Podcasts", "Castbox", "Overcast", "Overcast", "Podcast Republic", "Spotify"]);
  });
});
