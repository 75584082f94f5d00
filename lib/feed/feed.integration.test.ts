// The podcast feed end to end: productions imported from a real sandbox into a real database, the feed
// parsed by a Podcasting 2.0 parser (podcast-partytime) and validated by xmllint against lib/feed/schema.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseFeed } from "podcast-partytime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { controlSandbox, deliverWebhook, drainImportQueue, finishProduction, type SandboxProduction } from "@/lib/testing/import-harness";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-feed-"));
const { sandbox, base } = await startTestSandbox();
const APP = "http://localhost:3999";
Object.assign(process.env, { AUPHONIC_BASE_URL: base, APP_URL: APP, MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", IMPORT_RETRY_BASE_MS: "0" });

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { setEpisodePublished } = await import("@/lib/episodes/set-episode-published");
const { respondWithFeed, FEED_PAGE_SIZE } = await import("@/lib/feed/respond-with-feed");
const { forgetShow, settleChanges } = await import("@/lib/cache/change-listener");
const chaptersRoute = await import("@/app/(public)/podcasts/[slug]/episodes/[episodeId]/chapters.json/route");
const mediaRoute = await import("@/app/media/[...key]/route");

const FEED_URL = `${APP}/podcasts/family/feed.xml`;
const SCHEMA_DIR = path.resolve("lib/feed/schema");

/** podcast:guid computed independently of lib/feed: UUIDv5 (RFC 9562) by hand with node:crypto. */
function expectedPodcastGuid(feedUrl: string): string {
  const namespace = Buffer.from("ead4c236bf5858c6a2c6a6b28d128cb6", "hex");
  const name = feedUrl.replace(/^https?:\/\//, "").replace(/(?<!\/)\/+$/, "");
  const hash = createHash("sha1").update(Buffer.concat([namespace, Buffer.from(name)])).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function getFeed(headers: Record<string, string> = {}, url = FEED_URL, method = "GET") {
  return respondWithFeed(new Request(url, { method, headers }), new URL(url).pathname.split("/")[2]!);
}

async function feedText() {
  const response = await getFeed();
  expect(response.status).toBe(200);
  return response.text();
}

async function validate(xml: string) {
  const schemas = ["rss", "itunes", "podcast", "atom", "content"].map((name) => ({
    fileName: `${name}.xsd`,
    contents: readFileSync(path.join(SCHEMA_DIR, `${name}.xsd`), "utf8"),
  }));
  return validateXML({ xml: [{ fileName: "feed.xml", contents: xml }], schema: [schemas[0]!], preload: schemas.slice(1) });
}

async function media(url: string, init: RequestInit = {}) {
  const key = new URL(url).pathname.replace(/^\/media\//, "").split("/").map(decodeURIComponent);
  return mediaRoute.GET(new Request(url, init), { params: Promise.resolve({ key }) });
}

let userId: string;
let published: SandboxProduction;
let drafted: SandboxProduction;
let publishWebhook: string;
let draftWebhook: string;

beforeAll(async () => {
  const alice = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"));
  userId = alice.id;
  const cover = new File([readFileSync("sandbox/fixtures/cover.jpg")], "cover.jpg", { type: "image/jpeg" });
  const show = await saveShow(
    alice.id,
    null,
    {
      title: "Family & Friends <Podcast>",
      slug: "family",
      description: "Stories for the whole family.",
      author: "The Family",
      ownerName: "Alice",
      ownerEmail: "alice@example.com",
      language: "en",
      category: "Kids & Family > Stories for Kids",
      explicit: false,
      type: "episodic",
    },
    cover,
  );
  const publish = await createConnection(alice.id, show.id, { displayName: "Family - Publish Now", customData: '{"publishState":"publish","season":2}' });
  const draft = await createConnection(alice.id, show.id, { displayName: "Family - Draft", customData: '{"publishState":"draft"}' });
  publishWebhook = publish.webhookSecret;
  draftWebhook = draft.webhookSecret;
  published = await finishProduction(base, "alice", publish.displayName);
  await deliverWebhook(publishWebhook, published.uuid);
  await drainImportQueue();
  drafted = await finishProduction(base, "alice", draft.displayName);
  await deliverWebhook(draftWebhook, drafted.uuid);
  await drainImportQueue();
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("the feed", () => {
  it("is valid against the RSS, iTunes and Podcasting 2.0 schema", async () => {
    const result = await validate(await feedText());
    expect(result.errors.map((error) => error.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has the channel tags of FEED.md, podcast:guid of the feed URL and podcast:locked with the owner", async () => {
    const xml = await feedText();
    for (const [prefix, uri] of [
      ["itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"],
      ["podcast", "https://podcastindex.org/namespace/1.0"],
      ["atom", "http://www.w3.org/2005/Atom"],
    ]) {
      expect(xml).toContain(`xmlns:${prefix}="${uri}"`);
    }
    expect(xml).toContain(`<atom:link href="${FEED_URL}" rel="self" type="application/rss+xml"/>`);
    const feed = parseFeed(xml)!;
    expect(feed).toMatchObject({
      title: "Family & Friends <Podcast>",
      description: "Stories for the whole family.",
      language: "en",
      author: "The Family",
      owner: { name: "Alice", email: "alice@example.com" },
      explicit: false,
      itunesType: "episodic",
      guid: expectedPodcastGuid(FEED_URL),
      locked: true,
      podcastOwner: "alice@example.com",
    });
    // The hand-made UUIDv5 agrees with the specification's own example.
    expect(expectedPodcastGuid("https://mp3s.nashownotes.com/pc20rss.xml")).toBe("917393e3-1b1e-5cef-ace4-edaa54e1f810");
    expect(xml).toContain('<itunes:category text="Kids &amp; Family"><itunes:category text="Stories for Kids"/></itunes:category>');
    expect(feed.itunesImage).toMatch(/^http:\/\/localhost:3999\/media\/shows\/.+\.jpg$/);
  });

  it("lists published episodes only, with the enclosure's exact byte length, type and stable guid", async () => {
    const feed = parseFeed(await feedText())!;
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: published.uuid }, include: { files: true } });
    const enclosure = episode.files.find((file) => file.isEnclosure)!;
    expect(item).toMatchObject({
      guid: episode.guid,
      title: episode.title,
      itunesEpisodeType: "full",
      itunesSeason: 2,
      explicit: false,
      enclosure: { url: `${APP}/media/${enclosure.key}`, type: "audio/mpeg", length: Number(enclosure.size) },
      link: `${APP}/podcasts/family/episodes/${episode.id}`,
    });
    expect(item!.duration).toBe(Math.round(episode.durationSec!));
    expect(item!.pubDate?.getTime()).toBe(Math.floor(episode.publishedAt!.getTime() / 1000) * 1000);
    expect(JSON.stringify(feed)).not.toContain(drafted.uuid);
  });

  it("links transcripts with their types and language, other formats as alternate enclosures, and JSON chapters", async () => {
    const xml = await feedText();
    const feed = parseFeed(xml)!;
    const item = feed.items[0]!;
    // partytime names SubRip "application/srt"; the feed says what the namespace lists, application/x-subrip.
    const types = (item.podcastTranscripts ?? []).map((transcript) => transcript.type).sort();
    expect(types).toEqual(["application/srt", "text/html", "text/vtt"]);
    expect(xml).toMatch(/<podcast:transcript url="[^"]+\.srt" type="application\/x-subrip" language="en" rel="captions"\/>/);
    expect(xml).toMatch(/<podcast:transcript url="[^"]+\.vtt" type="text\/vtt" language="en" rel="captions"\/>/);
    expect((item.podcastTranscripts ?? []).every((transcript) => transcript.language === "en")).toBe(true);
    const alternates = item.alternativeEnclosures ?? [];
    expect(alternates.map((alternate) => alternate.type)).toEqual(expect.arrayContaining(["audio/mpeg", "audio/mp4"]));
    expect(alternates.find((alternate) => alternate.type === "audio/mpeg")?.default).toBe(true);
    expect(xml).toMatch(/<podcast:chapters url="[^"]+\/chapters\.json" type="application\/json\+chapters"\/>/);

    const chaptersUrl = item.podcastChapters!.url;
    const [, , slug, , episodeId] = new URL(chaptersUrl).pathname.split("/");
    const response = await chaptersRoute.GET(new Request(chaptersUrl), { params: Promise.resolve({ slug: slug!, episodeId: episodeId! }) });
    expect(response.headers.get("content-type")).toBe("application/json+chapters");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const chapters = (await response.json()) as { version: string; chapters: { startTime: number; title: string; img?: string }[] };
    expect(chapters.version).toBe("1.2.0");
    const expected = [...published.chapters].sort((a, b) => a.start_output_sec - b.start_output_sec);
    expect(chapters.chapters.map((chapter) => chapter.startTime)).toEqual(expected.map((chapter) => chapter.start_output_sec));
    expect(chapters.chapters.map((chapter) => chapter.title)).toEqual(expected.map((chapter) => chapter.title));
    for (const image of chapters.chapters.flatMap((chapter) => (chapter.img ? [chapter.img] : []))) {
      expect(image.startsWith(`${APP}/media/`)).toBe(true);
    }
  });

  it("serves every enclosure, alternate and transcript as Apple expects: HEAD, bytes=0-1, MIME types, CORS", async () => {
    const feed = parseFeed(await feedText())!;
    const item = feed.items[0]!;
    const files = [item.enclosure, ...(item.alternativeEnclosures ?? []).map((alternate) => ({ url: alternate.source[0]!.uri, type: alternate.type, length: alternate.length! }))];
    for (const file of files) {
      const head = await media(file.url, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(file.length));
      expect(head.headers.get("content-type")).toBe(file.type);
      const range = await media(file.url, { headers: { Range: "bytes=0-1" } });
      expect(range.status).toBe(206);
      expect(range.headers.get("content-range")).toBe(`bytes 0-1/${file.length}`);
      expect(range.headers.get("accept-ranges")).toBe("bytes");
      expect((await range.arrayBuffer()).byteLength).toBe(2);
      expect(head.headers.get("cache-control")).toContain("immutable");
      expect(head.headers.get("etag")).toMatch(/^"[^"]+"$/);
    }
    for (const transcript of item.podcastTranscripts ?? []) {
      const response = await media(transcript.url);
      expect(response.status).toBe(200);
      const served: string = ({ "application/srt": "application/x-subrip", "text/html": "text/plain; charset=utf-8" } as Record<string, string>)[transcript.type] ?? transcript.type;
      expect(response.headers.get("content-type")).toBe(served);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("answers an HTML transcript as plain text, one stored with an HTML type before that rule included, never by a redirect to the store", async () => {
    const item = parseFeed(await feedText())!.items[0]!;
    const html = (item.podcastTranscripts ?? []).find((transcript) => transcript.type === "text/html")!;
    const key = new URL(html.url).pathname.replace(/^\/media\//, "");
    const file = await db.mediaFile.findUniqueOrThrow({ where: { key } });
    expect(file.contentType).toBe("text/plain; charset=utf-8");
    await db.mediaFile.update({ where: { key }, data: { contentType: "text/html" } });
    const { showId } = await db.episode.findUniqueOrThrow({ where: { id: file.episodeId } });
    forgetShow(showId);
    try {
      const response = await media(html.url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toContain("<");
    } finally {
      await db.mediaFile.update({ where: { key }, data: { contentType: file.contentType } });
      forgetShow(showId);
    }
  });

  it("answers conditional requests with 304 until something in it changes", async () => {
    const first = await getFeed();
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect((await getFeed({ "If-None-Match": etag })).status).toBe(304);
    expect((await getFeed({ "If-None-Match": `"other", W/${etag}` })).status).toBe(304);
    expect((await getFeed({ "If-Modified-Since": lastModified })).status).toBe(304);
    expect((await getFeed({ "If-None-Match": '"stale"', "If-Modified-Since": lastModified })).status).toBe(200);
    const head = await getFeed({}, FEED_URL, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(await first.text())));
    expect(await head.text()).toBe("");

    // Publishing the draft changes the feed: a new ETag, and the draft is in it.
    await new Promise((resolve) => setTimeout(resolve, 1100)); // Last-Modified has one-second precision
    const draftEpisode = await db.episode.findFirstOrThrow({ where: { productionUuid: drafted.uuid } });
    await setEpisodePublished(userId, draftEpisode.id, true);
    const changed = await getFeed({ "If-None-Match": etag, "If-Modified-Since": lastModified });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const feed = parseFeed(await changed.text())!;
    expect(feed.items.map((item) => item.guid)).toContain(draftEpisode.guid);
    // Newest first.
    const dates = feed.items.map((item) => item.pubDate!.getTime());
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    await setEpisodePublished(userId, draftEpisode.id, false);
  });

  it("changes its validators for a show edit within the same second and when an episode leaves the feed", async () => {
    const show = await db.show.findUniqueOrThrow({ where: { slug: "family" } });
    const before = await getFeed();
    const etag = before.headers.get("etag")!;
    await db.show.update({ where: { id: show.id }, data: { author: "The Whole Family" } });
    await settleChanges(); // written here behind the app's back: wait for the database's announcement
    const edited = await getFeed({ "If-None-Match": etag });
    expect(edited.status).toBe(200);
    expect(await edited.text()).toContain("<itunes:author>The Whole Family</itunes:author>");

    // Withdrawing an episode must also defeat If-Modified-Since, which only sees times.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const current = await getFeed();
    const lastModified = current.headers.get("last-modified")!;
    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: published.uuid } });
    await setEpisodePublished(userId, episode.id, false);
    const withdrawn = await getFeed({ "If-Modified-Since": lastModified });
    expect(withdrawn.status).toBe(200);
    expect(parseFeed(await withdrawn.text())!.items).toHaveLength(0);
    await setEpisodePublished(userId, episode.id, true);
  });

  it("keeps an item's guid when Auphonic re-runs the production, under a new enclosure URL; the old one answers through the grace period", async () => {
    const before = parseFeed(await feedText())!.items[0]!;
    await controlSandbox(base, `/productions/${published.uuid}/rerun`, {});
    await deliverWebhook(publishWebhook, published.uuid);
    await drainImportQueue();
    const after = parseFeed(await feedText())!.items[0]!;
    expect(after.guid).toBe(before.guid);
    expect(after.enclosure.url).not.toBe(before.enclosure.url);
    expect(after.enclosure.url).toMatch(/\/v2-[0-9a-f]{8}\//);
    // Sent out as immutable: apps that saved the old URL still get it for the grace period (lib/storage/retire-media.ts).
    expect((await media(before.enclosure.url, { method: "HEAD" })).status).toBe(200);
  });

  it("refuses a malformed page number (400) and an unknown show (404)", async () => {
    for (const page of ["0", "-1", "abc", "1.5", "9999999", ""]) {
      const response = await getFeed({}, `${FEED_URL}?page=${encodeURIComponent(page)}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "BAD_REQUEST" });
    }
    expect((await getFeed({}, `${FEED_URL}?page=2`)).status).toBe(404);
    expect((await getFeed({}, `${APP}/podcasts/nobody/feed.xml`)).status).toBe(404);
  });

  it(`splits a feed longer than ${FEED_PAGE_SIZE} items with RFC 5005 paging links instead of truncating`, async () => {
    const show = await db.show.findUniqueOrThrow({ where: { slug: "family" } });
    const template = await db.episode.findFirstOrThrow({ where: { productionUuid: published.uuid }, include: { files: true } });
    const count = FEED_PAGE_SIZE + 1;
    const now = Date.now();
    const rows = Array.from({ length: count }, (_, index) => ({
      id: `bulk${String(index).padStart(5, "0")}`,
      userId,
      showId: show.id,
      productionUuid: `bulk${String(index).padStart(18, "0")}`,
      guid: `bulk-guid-${index}`,
      state: "published",
      importState: "ready",
      title: `Bulk ${index}`,
      audioVersion: 1,
      publishedAt: new Date(now - (index + 10) * 86_400_000),
    }));
    await db.episode.createMany({ data: rows });
    const enclosure = template.files.find((file) => file.isEnclosure)!;
    await db.mediaFile.createMany({
      data: rows.map((row) => ({ episodeId: row.id, kind: "audio", format: "mp3", key: `episodes/${row.id}/v1/episode.mp3`, filename: "episode.mp3", contentType: "audio/mpeg", size: enclosure.size, isEnclosure: true })),
    });
    const total = count + 1;

    const first = await feedText();
    expect((await validate(first)).valid).toBe(true);
    const firstFeed = parseFeed(first)!;
    expect(firstFeed.items).toHaveLength(FEED_PAGE_SIZE);
    expect(first).toContain(`<atom:link href="${FEED_URL}?page=2" rel="next" type="application/rss+xml"/>`);
    expect(first).toContain(`<atom:link href="${FEED_URL}?page=2" rel="last" type="application/rss+xml"/>`);
    const second = await (await getFeed({}, `${FEED_URL}?page=2`)).text();
    const secondFeed = parseFeed(second)!;
    expect(secondFeed.items).toHaveLength(total - FEED_PAGE_SIZE);
    expect(second).toContain(`<atom:link href="${FEED_URL}" rel="previous" type="application/rss+xml"/>`);
    const guids = new Set([...firstFeed.items, ...secondFeed.items].map((item) => item.guid));
    expect(guids.size).toBe(total);
    await db.episode.deleteMany({ where: { id: { startsWith: "bulk" } } });
  });
});
