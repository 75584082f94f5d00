// Full episode editing and scheduled releases against a real sandbox, database and job engine: every field in the
// feed, Markdown notes sanitised, edits surviving re-imports, artwork checks, releases published by the job on time
// (moved, cancelled, from custom_data), and hostile input per class.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseFeed } from "podcast-partytime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlSandbox, deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { isStored } from "@/lib/testing/stored-media";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-editing-"));
const { sandbox, base } = await startTestSandbox();
const APP = "http://localhost:3999";
Object.assign(process.env, { AUPHONIC_BASE_URL: base, APP_URL: APP, MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", IMPORT_RETRY_BASE_MS: "0" });

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { parseCustomData } = await import("@/lib/connections/custom-data");
const { updateEpisode } = await import("@/lib/episodes/update-episode");
const { episodeInputSchema, scheduleInputSchema } = await import("@/lib/episodes/episode-input");
const { retryImport } = await import("@/lib/episodes/retry-import");
const { setEpisodePublished } = await import("@/lib/episodes/set-episode-published");
const { scheduleEpisodeRelease, cancelEpisodeRelease } = await import("@/lib/episodes/schedule-episode-release");
const { publishScheduledEpisode, requeueScheduledReleases } = await import("@/lib/episodes/publish-scheduled-episode");
const { planScheduledRelease } = await import("@/lib/episodes/plan-scheduled-release");
const { listEpisodes } = await import("@/lib/episodes/list-episodes");
const { runDueScheduledJobs } = await import("@/lib/jobs/scheduled-jobs");
const { stopJobEngine } = await import("@/lib/jobs/job-engine");
const { resolvePublicMedia } = await import("@/lib/media/media-index");
const { saveUserTimeZone } = await import("@/lib/users/save-user-time-zone");
const { getUserTimeZone } = await import("@/lib/users/get-user-time-zone");
const { respondWithFeed } = await import("@/lib/feed/respond-with-feed");
const { settleChanges } = await import("@/lib/cache/change-listener");

const SLUG = "editing";
let userId: string;
let showId: string;
let draftWebhook: string;
let draftDisplayName: string;

const showFields = { description: "d", author: "a", ownerName: "o", ownerEmail: "o@example.com", language: "en", category: "History", explicit: false, type: "episodic" as const };
const cover = () => new File([readFileSync("sandbox/fixtures/cover.jpg")], "art.jpg", { type: "image/jpeg" });

async function importDraft(webhook = draftWebhook, displayName = draftDisplayName) {
  const production = await finishProduction(base, "alice", displayName);
  await deliverWebhook(webhook, production.uuid);
  await drainImportQueue();
  return { production, episode: await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } }) };
}

async function feedXml() {
  await settleChanges();
  const response = await respondWithFeed(new Request(`${APP}/podcasts/${SLUG}/feed.xml`), SLUG);
  expect(response.status).toBe(200);
  return response.text();
}

function itemOf(xml: string, guid: string): string | null {
  const items = xml.split("<item>").slice(1);
  return items.find((item) => item.includes(`>${guid}</guid>`)) ?? null;
}

const edit = (episode: { id: string; title: string; summary: string | null; episodeNumber: number | null }, changes: object = {}) => ({
  episodeId: episode.id,
  title: episode.title,
  summary: episode.summary ?? "",
  episodeNumber: episode.episodeNumber,
  ...changes,
});

async function pendingReleaseJobs(episodeId: string) {
  return db.$queryRaw<{ key: string; state: string }[]>`
    SELECT singleton_key AS key, state::text AS state FROM pgboss.job
    WHERE name = 'scheduled-release' AND singleton_key LIKE ${`publish-episode:${episodeId}:%`} AND state IN ('created', 'retry')`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  userId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"))).id;
  showId = (await saveShow(userId, null, { title: "Editing", slug: SLUG, ...showFields }, null)).id;
  const connection = await createConnection(userId, showId, { displayName: "Editing - Draft", customData: '{"publishState":"draft"}' });
  draftWebhook = connection.webhookSecret;
  draftDisplayName = connection.displayName;
  await saveUserTimeZone(userId, "Europe/Berlin");
});

afterAll(async () => {
  await stopJobEngine();
  await sandbox.close();
  await db.$disconnect();
});

describe("editing an episode", () => {
  it("writes season, type, explicit, date and Markdown notes to the feed: sanitised HTML and plain-text description", async () => {
    const { episode } = await importDraft();
    await setEpisodePublished(userId, episode.id, true);
    const notes = [
      "Welcome to **part two**.",
      "",
      "Links: [our site](https://example.com/notes?a=1&b=2), <script>alert('x')</script> and [bad](javascript:alert(1)).",
      "",
      "- first",
      "- second",
    ].join("\n");
    await updateEpisode(
      userId,
      edit(episode, { summary: notes, season: 3, episodeNumber: 99, episodeType: "bonus", explicit: true, publishedAt: "2025-06-01T09:30", browserTimeZone: "America/New_York" }),
    );
    const saved = await db.episode.findUniqueOrThrow({ where: { id: episode.id } });
    expect(saved).toMatchObject({ season: 3, episodeNumber: 99, episodeType: "bonus", explicit: true, summary: notes });
    // Europe/Berlin is the user's zone (stored): the browser's is only a default for users without one.
    expect(saved.publishedAt?.toISOString()).toBe("2025-06-01T07:30:00.000Z");
    expect(JSON.parse(saved.editedFields)).toEqual(["summary", "episodeNumber", "season", "episodeType", "explicit"]);

    const xml = await feedXml();
    const item = itemOf(xml, episode.guid)!;
    expect(item).toContain("<itunes:season>3</itunes:season>");
    expect(item).toContain("<itunes:episode>99</itunes:episode>");
    expect(item).toContain("<itunes:episodeType>bonus</itunes:episodeType>");
    expect(item).toContain("<itunes:explicit>true</itunes:explicit>");
    expect(item).toContain("<pubDate>Sun, 01 Jun 2025 07:30:00 GMT</pubDate>");
    const encoded = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(item)![1]!;
    expect(encoded).toContain("<strong>part two</strong>");
    expect(encoded).toContain('<a href="https://example.com/notes?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer">our site</a>');
    expect(encoded).toContain("<li>first</li>");
    expect(encoded).not.toMatch(/script|javascript:|alert/);
    const description = /<description>([^<]*)<\/description>/.exec(item)![1]!;
    expect(description).not.toContain("&lt;");
    expect(description).toBe("Welcome to part two.\n\nLinks: our site (https://example.com/notes?a=1&amp;b=2),  and bad.\n\n• first\n• second");
    const parsed = parseFeed(xml)!.items.find((entry) => entry.guid === episode.guid)!;
    expect(parsed).toMatchObject({ itunesSeason: 3, itunesEpisode: 99, itunesEpisodeType: "bonus", explicit: true });

    // "As the show" again: the item follows the show's setting.
    await updateEpisode(userId, edit(saved, { explicit: null, episodeType: "trailer", season: null }));
    const item2 = itemOf(await feedXml(), episode.guid)!;
    expect(item2).toContain("<itunes:explicit>false</itunes:explicit>");
    expect(item2).toContain("<itunes:episodeType>trailer</itunes:episodeType>");
    expect(item2).not.toContain("<itunes:season>");
  });

  it("keeps every edited field, uploaded artwork included, through a re-import, until the creator takes Auphonic's values", async () => {
    const { production, episode } = await importDraft();
    const auphonicCover = episode.coverKey;
    await updateEpisode(userId, edit(episode, { title: "Mine", season: 9, episodeType: "bonus", explicit: false }), cover());
    const edited = await db.episode.findUniqueOrThrow({ where: { id: episode.id }, include: { files: true } });
    const artwork = edited.files.find((file) => file.kind === "artwork")!;
    expect(artwork.key).toMatch(new RegExp(`^episodes/${episode.id}/artwork-[0-9a-f]{16}\\.jpg$`));
    expect(edited.coverKey).toBe(artwork.key);
    expect(await isStored(artwork.key)).toBe(true);

    await controlSandbox(base, `/productions/${production.uuid}/rerun`, {});
    await deliverWebhook(draftWebhook, production.uuid);
    await drainImportQueue();
    const reimported = await db.episode.findUniqueOrThrow({ where: { id: episode.id }, include: { files: true } });
    expect(reimported).toMatchObject({ audioVersion: 2, title: "Mine", season: 9, episodeType: "bonus", explicit: false, coverKey: artwork.key });
    expect(reimported.files.some((file) => file.key === artwork.key)).toBe(true);

    // Published, its artwork is public; drafts' is not.
    await setEpisodePublished(userId, episode.id, true);
    expect(await resolvePublicMedia(artwork.key)).not.toBeNull();
    expect(itemOf(await feedXml(), episode.guid)).toContain(`<itunes:image href="${APP}/media/${artwork.key}"/>`);

    await retryImport(userId, episode.id, { takeAuphonicValues: true });
    await drainImportQueue();
    const restored = await db.episode.findUniqueOrThrow({ where: { id: episode.id }, include: { files: true } });
    expect(restored).toMatchObject({ audioVersion: 3, editedFields: "[]", season: null, episodeType: "full", explicit: null });
    expect(restored.coverKey).not.toBe(artwork.key);
    expect(restored.coverKey === null).toBe(auphonicCover === null);
    expect(restored.files.some((file) => file.kind === "artwork")).toBe(false);
    // The replaced artwork stays served for the grace period (its URL may be in apps' caches).
    expect(await db.retiredMedia.count({ where: { key: artwork.key, isServable: true } })).toBe(1);
  });

  it("removing the artwork goes back to Auphonic's cover and stops keeping it through re-imports", async () => {
    const { episode } = await importDraft();
    await updateEpisode(userId, edit(episode), cover());
    await updateEpisode(userId, edit(episode, { removeArtwork: true }));
    const saved = await db.episode.findUniqueOrThrow({ where: { id: episode.id }, include: { files: true } });
    expect(saved.coverKey).toBe(episode.coverKey);
    expect(saved.files.some((file) => file.kind === "artwork")).toBe(false);
    expect(JSON.parse(saved.editedFields)).not.toContain("coverKey");
  });

  it("refuses artwork that is not a JPEG or PNG, too large, or not square, with the field's message, changing nothing", async () => {
    const { episode } = await importDraft();
    const attempts: [File, RegExp][] = [
      [new File(["GIF89a not really"], "a.gif", { type: "image/gif" }), /JPEG or PNG/],
      [new File([new Uint8Array(10 * 1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" }), /larger than 10 MB/],
      [new File([readFileSync("sandbox/fixtures/chapter.jpg")], "small.jpg", { type: "image/jpeg" }), /square|pixels/],
    ];
    for (const [file, message] of attempts) {
      const error = await updateEpisode(userId, edit(episode, { title: "Not saved" }), file).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "BAD_REQUEST" });
      expect((error as { fieldErrors: Record<string, string[]> }).fieldErrors.cover![0]).toMatch(message);
      expect((error as { fieldErrors: Record<string, string[]> }).fieldErrors.cover![0]).toMatch(/^The artwork/);
    }
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ title: episode.title, coverKey: episode.coverKey });
  });
});

describe("scheduled releases", () => {
  it("the job publishes the episode at its time, dated then, and the feed has it only from then", async () => {
    const { episode } = await importDraft();
    const at = new Date(Math.ceil((Date.now() + 61_000) / 60_000) * 60_000); // whole minutes, as the form enters them
    const local = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", dateStyle: "short", timeStyle: "short" }).format(at).replace(" ", "T");
    const { at: scheduled } = await scheduleEpisodeRelease(userId, { episodeId: episode.id, publishAt: local });
    expect(scheduled.toISOString()).toBe(at.toISOString());
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ state: "draft", scheduledAt: at });
    const { episodes } = await listEpisodes(userId, showId, { state: "scheduled", q: "", sort: "newest", page: 1 });
    expect(episodes.map((row) => row.id)).toEqual([episode.id]);

    await runDueScheduledJobs();
    expect(itemOf(await feedXml(), episode.guid)).toBeNull();
    // Not due: the job waits in Postgres, whatever process runs it.
    expect(await pendingReleaseJobs(episode.id)).toHaveLength(1);
    await db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'scheduled-release' AND singleton_key LIKE ${`publish-episode:${episode.id}:%`}`;
    expect(await runDueScheduledJobs()).toBeGreaterThanOrEqual(1);
    const published = await db.episode.findUniqueOrThrow({ where: { id: episode.id } });
    expect(published).toMatchObject({ state: "published", scheduledAt: null, publishedAt: at });
    expect(itemOf(await feedXml(), episode.guid)).not.toBeNull();
    // A second run (a redelivered job) changes nothing.
    expect(await publishScheduledEpisode(episode.id, at)).toBe(false);
  });

  it("runs on time after a restart of the job engine, and a moved release replaces the earlier job", async () => {
    const { episode } = await importDraft();
    const first = new Date(Date.now() + 60 * 60_000);
    await db.episode.update({ where: { id: episode.id }, data: { scheduledAt: first } });
    const { queueScheduledRelease } = await import("@/lib/episodes/publish-scheduled-episode");
    await queueScheduledRelease(episode.id, first);
    const soon = new Date(Date.now() + 1_500);
    await queueScheduledRelease(episode.id, soon);
    await db.episode.update({ where: { id: episode.id }, data: { scheduledAt: soon } });
    const pending = await pendingReleaseJobs(episode.id);
    expect(pending.map((job) => job.key)).toEqual([`publish-episode:${episode.id}:${soon.getTime()}`]);

    await stopJobEngine(); // a restart: the job is in Postgres, not in this process
    await sleep(1_800);
    await runDueScheduledJobs();
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ state: "published", publishedAt: soon });
  });

  it("moving through the creator's form: the earlier time's job is cancelled and would do nothing anyway", async () => {
    const { episode } = await importDraft();
    const local = (minutes: number) =>
      new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", dateStyle: "short", timeStyle: "short" }).format(new Date(Date.now() + minutes * 60_000)).replace(" ", "T");
    const { at: first } = await scheduleEpisodeRelease(userId, { episodeId: episode.id, publishAt: local(90) });
    const { at: second } = await scheduleEpisodeRelease(userId, { episodeId: episode.id, publishAt: local(150) });
    expect((await pendingReleaseJobs(episode.id)).map((job) => job.key)).toEqual([`publish-episode:${episode.id}:${second.getTime()}`]);
    expect(await publishScheduledEpisode(episode.id, first)).toBe(false);
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ state: "draft", scheduledAt: second });
  });

  it("cancelling keeps the draft unpublished when the time comes", async () => {
    const { episode } = await importDraft();
    const soon = new Date(Date.now() + 1_000);
    const { queueScheduledRelease } = await import("@/lib/episodes/publish-scheduled-episode");
    await queueScheduledRelease(episode.id, soon);
    await db.episode.update({ where: { id: episode.id }, data: { scheduledAt: soon } });
    await cancelEpisodeRelease(userId, episode.id);
    expect(await pendingReleaseJobs(episode.id)).toHaveLength(0);
    await sleep(1_200);
    await runDueScheduledJobs();
    // Even a job that escaped the cancel finds nothing to do.
    expect(await publishScheduledEpisode(episode.id, soon)).toBe(false);
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ state: "draft", scheduledAt: null });
  });

  it("a worker's start queues again a release whose job is gone", async () => {
    const { episode } = await importDraft();
    const soon = new Date(Date.now() + 500);
    await db.episode.update({ where: { id: episode.id }, data: { scheduledAt: soon } }); // no job: as if lost
    expect(await requeueScheduledReleases()).toBeGreaterThanOrEqual(1);
    expect(await requeueScheduledReleases()).toBeGreaterThanOrEqual(1); // again: still one pending job
    expect(await pendingReleaseJobs(episode.id)).toHaveLength(1);
    await sleep(700);
    await runDueScheduledJobs();
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ state: "published", publishedAt: soon });
  });

  it("a connection whose custom_data schedules creates a scheduled draft, released by the job", async () => {
    const connection = await createConnection(userId, showId, {
      displayName: "Editing - In a moment",
      customData: JSON.stringify({ publishState: "schedule", publishDelayHours: 1 }),
    });
    const before = Date.now();
    const { episode } = await importDraft(connection.webhookSecret, connection.displayName);
    expect(episode.state).toBe("draft");
    expect(episode.scheduledAt!.getTime() - before).toBeGreaterThanOrEqual(3_600_000 - 1_000);
    expect(episode.scheduledAt!.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(await pendingReleaseJobs(episode.id)).toHaveLength(1);
    await db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'scheduled-release' AND singleton_key LIKE ${`publish-episode:${episode.id}:%`}`;
    await runDueScheduledJobs();
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ state: "published", publishedAt: episode.scheduledAt });
  });

  it("plans a weekday and time in the creator's zone, across a daylight-saving change", () => {
    const friday = { publishState: "schedule" as const, publishAt: { weekday: "friday" as const, time: "06:00" } };
    // Wednesday 2026-10-21 12:00 UTC: the next Friday 06:00 in Berlin is CEST (UTC+2).
    expect(planScheduledRelease(friday, new Date("2026-10-21T12:00:00Z"), "Europe/Berlin")?.toISOString()).toBe("2026-10-23T04:00:00.000Z");
    // Friday 2026-10-23 at 07:00 Berlin: next week's, after the clocks went back (CET, UTC+1).
    expect(planScheduledRelease(friday, new Date("2026-10-23T05:00:00Z"), "Europe/Berlin")?.toISOString()).toBe("2026-10-30T05:00:00.000Z");
    // Without a weekday: the next such time; a time the clocks skip moves forward by the gap.
    expect(planScheduledRelease({ publishState: "schedule", publishAt: { time: "02:30" } }, new Date("2026-03-28T12:00:00Z"), "Europe/Berlin")?.toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(planScheduledRelease({ publishState: "draft" }, new Date(), "UTC")).toBeNull();
  });
});

describe("hostile input", () => {
  const valid = { episodeId: "e", title: "T", summary: "", episodeNumber: "", season: "", episodeType: "full", explicit: "default", publishedAt: "" };
  const fieldErrorOf = (values: Record<string, unknown>) => {
    const parsed = episodeInputSchema.safeParse({ ...valid, ...values });
    return parsed.success ? null : parsed.error.issues.map((issue) => issue.path[0]);
  };

  it("the form's schema refuses wrong types, huge numbers and malformed dates, field by field", () => {
    expect(fieldErrorOf({})).toBeNull();
    expect(fieldErrorOf({ season: "10000" })).toEqual(["season"]);
    expect(fieldErrorOf({ season: "0" })).toEqual(["season"]);
    expect(fieldErrorOf({ season: "1e3" })).toEqual(["season"]);
    expect(fieldErrorOf({ episodeNumber: "9".repeat(400) })).toEqual(["episodeNumber"]);
    expect(fieldErrorOf({ season: "-1" })).toEqual(["season"]);
    expect(fieldErrorOf({ episodeType: "movie" })).toEqual(["episodeType"]);
    expect(fieldErrorOf({ episodeType: ["full"] })).toEqual(["episodeType"]);
    expect(fieldErrorOf({ explicit: "maybe" })).toEqual(["explicit"]);
    expect(fieldErrorOf({ explicit: true })).toEqual(["explicit"]);
    expect(fieldErrorOf({ publishedAt: "yesterday" })).toEqual(["publishedAt"]);
    expect(fieldErrorOf({ publishedAt: "2026-12-24T18:30:00Z" })).toEqual(["publishedAt"]);
    expect(fieldErrorOf({ publishedAt: "9".repeat(10_000) })).toEqual(["publishedAt"]);
    expect(fieldErrorOf({ browserTimeZone: "x".repeat(65) })).toEqual(["browserTimeZone"]);
    expect(fieldErrorOf({ removeArtwork: "yes" })).toEqual(["removeArtwork"]);
    expect(scheduleInputSchema.safeParse({ episodeId: "e", publishAt: "2026-13-01" }).success).toBe(false);
    expect(scheduleInputSchema.safeParse({ episodeId: "e", publishAt: 1_800_000_000_000 }).success).toBe(false);
  });

  it("impossible, past, far-future and pre-1990 dates are refused with the field's message", async () => {
    const { episode } = await importDraft();
    const scheduleError = async (publishAt: string) =>
      (await scheduleEpisodeRelease(userId, { episodeId: episode.id, publishAt }).catch((error: { fieldErrors: Record<string, string[]> }) => error.fieldErrors.publishAt?.[0])) as string;
    expect(await scheduleError("2027-02-30T10:00")).toMatch(/does not exist/);
    expect(await scheduleError("2027-03-28T02:30")).toMatch(/does not exist/); // Berlin skips 02:00–03:00
    expect(await scheduleError("2020-01-01T10:00")).toMatch(/has passed/);
    expect(await scheduleError("2999-01-01T10:00")).toMatch(/two years/);
    expect(await scheduleError("2027-00-10T10:00")).toMatch(/does not exist/);

    const editError = async (publishedAt: string) =>
      (await updateEpisode(userId, edit(episode, { publishedAt })).catch((error: { fieldErrors: Record<string, string[]> }) => error.fieldErrors.publishedAt?.[0])) as string;
    expect(await editError("1970-01-01T00:00")).toMatch(/1990/);
    expect(await editError("2999-01-01T00:00")).toMatch(/future/);
    expect(await editError("2025-04-31T00:00")).toMatch(/does not exist/);
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ scheduledAt: null, publishedAt: null });
  });

  it("an unknown time zone is never stored: saving it is refused, and a browser's is ignored for UTC", async () => {
    for (const zone of ["Mars/Olympus_Mons", "", "x".repeat(10_000), "Europe/Berlin\u0000"]) {
      await expect(saveUserTimeZone(userId, zone)).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { timeZone: [expect.any(String)] } });
    }
    expect(await getUserTimeZone(userId)).toBe("Europe/Berlin");
    const bob = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"));
    expect(await getUserTimeZone(bob.id, "Nowhere/Land")).toBe("UTC");
    expect((await db.user.findUniqueOrThrow({ where: { id: bob.id } })).timeZone).toBeNull();
    expect(await getUserTimeZone(bob.id, "america/new_york")).toBe("America/New_York");
    expect(await getUserTimeZone(bob.id, "Asia/Tokyo")).toBe("America/New_York"); // the first one stays theirs
  });

  it("another user's episode is NOT_FOUND for every new operation", async () => {
    const { episode } = await importDraft();
    const bob = await db.user.findUniqueOrThrow({ where: { auphonicUserId: "bob-id" } });
    await expect(updateEpisode(bob.id, edit(episode, { season: 2 }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(scheduleEpisodeRelease(bob.id, { episodeId: episode.id, publishAt: "2030-01-01T10:00" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cancelEpisodeRelease(bob.id, episode.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("custom_data's schedule keys are checked like the others", () => {
    const errors = (value: object) => {
      const result = parseCustomData(JSON.stringify(value));
      return result.ok ? [] : result.errors;
    };
    expect(errors({ publishState: "schedule", publishAt: { weekday: "friday", time: "06:00" } })).toEqual([]);
    expect(errors({ publishState: "schedule", publishDelayHours: 24 })).toEqual([]);
    expect(errors({ publishState: "schedule" })).toEqual(['"publishState" needs exactly one of "publishAt" or "publishDelayHours" when it is "schedule".']);
    expect(errors({ publishState: "schedule", publishAt: { time: "6am" } })[0]).toMatch(/"publishAt.time" must be a time/);
    expect(errors({ publishState: "schedule", publishAt: { weekday: "funday", time: "06:00" } })[0]).toMatch(/"publishAt.weekday" must be one of/);
    expect(errors({ publishState: "schedule", publishAt: "friday 6:00" })[0]).toMatch(/"publishAt" must be an object/);
    expect(errors({ publishState: "schedule", publishAt: { time: "06:00", extra: 1 } }).length).toBe(1);
    expect(errors({ publishState: "schedule", publishDelayHours: 1e6 })[0]).toMatch(/at most 8784/);
    expect(errors({ publishState: "schedule", publishDelayHours: 1e308 })[0]).toMatch(/whole number/);
    expect(errors({ publishState: "schedule", publishDelayHours: 1.5 })[0]).toMatch(/whole number/);
    expect(errors({ publishState: "schedule", publishDelayHours: "24" })[0]).toMatch(/whole number/);
    expect(errors({ publishState: "publish", publishDelayHours: 24 })).toEqual(['"publishDelayHours" only applies with "publishState": "schedule".']);
  });
});
