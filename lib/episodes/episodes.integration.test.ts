// Episode management against a real sandbox and database: edits that survive re-imports, deletion, and the
// dashboard list's filters, search, sorting and pages.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlSandbox, deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { isStored, storedKeys } from "@/lib/testing/stored-media";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-episodes-"));
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, { AUPHONIC_BASE_URL: base, APP_URL: "http://localhost:3999", MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", IMPORT_RETRY_BASE_MS: "0" });

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { updateEpisode } = await import("@/lib/episodes/update-episode");
const { retryImport } = await import("@/lib/episodes/retry-import");
const { deleteEpisode } = await import("@/lib/episodes/delete-episode");
const { listDeletedProductions, restoreDeletedProduction } = await import("@/lib/episodes/restore-deleted-production");
const { listEpisodes } = await import("@/lib/episodes/list-episodes");
const { resolvePublicMedia } = await import("@/lib/media/media-index");
const { removeDueMedia, MEDIA_GRACE_DAYS } = await import("@/lib/storage/retire-media");
const { parseEpisodeListQuery, EPISODES_PER_PAGE } = await import("@/lib/episodes/episode-list-query");

let aliceId: string;
let bobId: string;
let showId: string;
let webhook: string;
let displayName: string;

const showFields = { description: "d", author: "a", ownerName: "o", ownerEmail: "o@example.com", language: "en", category: "History", explicit: false, type: "episodic" as const };

async function importOne() {
  const production = await finishProduction(base, "alice", displayName);
  await deliverWebhook(webhook, production.uuid);
  await drainImportQueue();
  return { production, episode: await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } }) };
}

beforeAll(async () => {
  aliceId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"))).id;
  bobId = (await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"))).id;
  showId = (await saveShow(aliceId, null, { title: "Edits", slug: "edits", ...showFields }, null)).id;
  const connection = await createConnection(aliceId, showId, { displayName: "Edits - Publish Now", customData: '{"publishState":"publish"}' });
  webhook = connection.webhookSecret;
  displayName = connection.displayName;
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("episode edits", () => {
  it("survive a re-import of a re-run production, until the creator takes Auphonic's values", async () => {
    const { production, episode } = await importOne();
    const auphonicTitle = episode.title;
    await updateEpisode(aliceId, { episodeId: episode.id, title: "My own title", summary: "My notes", episodeNumber: 7 });

    await controlSandbox(base, `/productions/${production.uuid}/rerun`, {});
    await deliverWebhook(webhook, production.uuid);
    await drainImportQueue();
    const reimported = await db.episode.findUniqueOrThrow({ where: { id: episode.id } });
    expect(reimported).toMatchObject({ audioVersion: 2, title: "My own title", summary: "My notes", episodeNumber: 7 });
    expect(JSON.parse(reimported.editedFields)).toEqual(["title", "summary", "episodeNumber"]);

    await retryImport(aliceId, episode.id, { takeAuphonicValues: true });
    await drainImportQueue();
    const restored = await db.episode.findUniqueOrThrow({ where: { id: episode.id } });
    const current = (await controlSandbox(base, `/productions/${production.uuid}`)) as { metadata: { title: string } };
    expect(current.metadata.title).not.toBe(auphonicTitle); // the re-run changed it in Auphonic
    expect(restored).toMatchObject({ audioVersion: 3, title: current.metadata.title, summary: episode.summary, editedFields: "[]" });
    expect(restored.guid).toBe(episode.guid);
  });

  it("are refused for another user's episode, which stays unchanged", async () => {
    const { episode } = await importOne();
    await expect(updateEpisode(bobId, { episodeId: episode.id, title: "Hijacked", summary: "", episodeNumber: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteEpisode(bobId, episode.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(retryImport(bobId, episode.id, { takeAuphonicValues: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ title: episode.title, editedFields: "[]" });
  });
});

describe("deleting an episode", () => {
  it("removes its rows and media and leaves a tombstone: re-deliveries bring nothing back, the creator can", async () => {
    const { production, episode } = await importOne();
    const { key } = (await db.mediaFile.findFirstOrThrow({ where: { episodeId: episode.id, isEnclosure: true } }));
    expect(await resolvePublicMedia(key)).not.toBeNull();
    await deleteEpisode(aliceId, episode.id);
    // No longer served at once; removed from storage after the grace period.
    expect(await resolvePublicMedia(key)).toBeNull();
    expect(await isStored(key)).toBe(true);
    await removeDueMedia(new Date(Date.now() + (MEDIA_GRACE_DAYS + 1) * 86_400_000));
    expect(await storedKeys(`episodes/${episode.id}/`)).toEqual([]);
    expect(await db.episode.findUnique({ where: { id: episode.id } })).toBeNull();
    expect(await db.mediaFile.count({ where: { episodeId: episode.id } })).toBe(0);

    // A tombstone: Auphonic's re-delivery is answered 200, logged, and brings nothing back.
    const reply = await deliverWebhook(webhook, production.uuid);
    expect(reply).toEqual({ status: 200, body: { message: expect.stringMatching(/episode was deleted/) } });
    expect(await drainImportQueue()).toBe(0);
    expect(await db.episode.count({ where: { productionUuid: production.uuid } })).toBe(0);
    const logged = await db.delivery.findFirstOrThrow({ where: { productionUuid: production.uuid }, orderBy: { receivedAt: "desc" } });
    expect(logged).toMatchObject({ accepted: false, httpStatus: 200, episodeId: null, reason: expect.stringMatching(/episode was deleted/) });

    // The creator imports it again on purpose: a new episode, a new guid; another user cannot.
    const connection = await db.connection.findFirstOrThrow({ where: { webhookSecret: webhook } });
    const [tombstone] = await listDeletedProductions(aliceId, connection.id);
    expect(tombstone).toMatchObject({ productionUuid: production.uuid, title: episode.title });
    expect(await listDeletedProductions(bobId, connection.id)).toEqual([]);
    await expect(restoreDeletedProduction(bobId, tombstone!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { episodeId } = await restoreDeletedProduction(aliceId, tombstone!.id);
    await drainImportQueue();
    const again = await db.episode.findUniqueOrThrow({ where: { id: episodeId } });
    expect(again).toMatchObject({ productionUuid: production.uuid, importState: "ready" });
    expect(again.id).not.toBe(episode.id);
    expect(again.guid).not.toBe(episode.guid);
    expect(await listDeletedProductions(aliceId, connection.id)).toEqual([]);
    // Deliveries import it as usual again.
    expect((await deliverWebhook(webhook, production.uuid)).body).toHaveProperty("result_file_url");
  });
});

describe("the episode list", () => {
  it("filters by state, searches titles, sorts and pages", async () => {
    const otherShow = await saveShow(aliceId, null, { title: "Bulk", slug: "bulk", ...showFields }, null);
    const count = EPISODES_PER_PAGE + 5;
    await db.episode.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        userId: aliceId,
        showId: otherShow.id,
        productionUuid: `listtest${String(index).padStart(14, "0")}`,
        guid: `list-${index}`,
        state: index % 3 === 0 ? "draft" : "published",
        importState: index === 1 ? "failed" : "ready",
        title: index === 4 ? "Special: Zebra Interview" : `Bulk episode ${String(index).padStart(2, "0")}`,
        durationSec: index * 10,
        audioVersion: 1,
        publishedAt: index % 3 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + index)),
      })),
    });
    const query = (params: Record<string, string>) => parseEpisodeListQuery(params).query;

    const firstPage = await listEpisodes(aliceId, otherShow.id, query({}));
    expect(firstPage.total).toBe(count);
    expect(firstPage.pageCount).toBe(2);
    expect(firstPage.episodes).toHaveLength(EPISODES_PER_PAGE);
    const secondPage = await listEpisodes(aliceId, otherShow.id, query({ page: "2" }));
    expect(secondPage.episodes).toHaveLength(5);
    expect(new Set([...firstPage.episodes, ...secondPage.episodes].map((episode) => episode.id)).size).toBe(count);

    const drafts = await listEpisodes(aliceId, otherShow.id, query({ state: "draft" }));
    expect(drafts.episodes.every((episode) => episode.state === "draft" && episode.importState === "ready")).toBe(true);
    expect((await listEpisodes(aliceId, otherShow.id, query({ state: "failed" }))).episodes.map((episode) => episode.title)).toEqual(["Bulk episode 01"]);
    expect((await listEpisodes(aliceId, otherShow.id, query({ q: "zebra" }))).episodes.map((episode) => episode.title)).toEqual(["Special: Zebra Interview"]);

    const longest = await listEpisodes(aliceId, otherShow.id, query({ sort: "longest" }));
    expect(longest.episodes[0]!.durationSec).toBe((count - 1) * 10);
    const byTitle = (await listEpisodes(aliceId, otherShow.id, query({ sort: "title" }))).episodes.map((episode) => episode.title);
    expect(byTitle).toEqual([...byTitle].sort());
    const oldest = await listEpisodes(aliceId, otherShow.id, query({ sort: "oldest", state: "published" }));
    const dates = oldest.episodes.map((episode) => episode.publishedAt!.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => a - b));

    expect((await listEpisodes(bobId, otherShow.id, query({}))).total).toBe(0);
    expect((await listEpisodes(aliceId, null, query({}))).total).toBeGreaterThan(count);
  });

  it("ignores malformed query values with a message instead of failing", () => {
    const { query, problems } = parseEpisodeListQuery({ state: "deleted", sort: "random", page: "-3", q: "x".repeat(500) });
    expect(query).toEqual({ state: null, q: "", sort: "newest", page: 1 });
    expect(problems).toHaveLength(4);
    for (const page of ["0", "1.5", "abc", "1e3", "999999999"]) {
      expect(parseEpisodeListQuery({ page }).problems).toHaveLength(1);
    }
    expect(parseEpisodeListQuery({ state: ["draft", "published"], q: "  hi  " }).query).toMatchObject({ state: "draft", q: "hi" });
  });
});

describe("deleting a show", () => {
  it("its cover answers 404 at once (a replaced cover kept answering until then), and its media goes after the grace period", async () => {
    const { deleteShow } = await import("@/lib/shows/delete-show");
    const mediaRoute = await import("@/app/media/[...key]/route");
    const status = async (key: string) => (await mediaRoute.GET(new Request(`http://localhost:3999/media/${key}`), { params: Promise.resolve({ key: key.split("/") }) })).status;
    const cover = readFileSync("sandbox/fixtures/cover.jpg");
    const coverFile = (bytes: Buffer) => new File([new Uint8Array(bytes)], "cover.jpg", { type: "image/jpeg" });
    const show = await saveShow(aliceId, null, { title: "Going", slug: "going", ...showFields }, coverFile(cover));
    const firstCover = show.coverPath!;
    expect(await status(firstCover)).toBe(200);
    // Bytes after the image's end make another file: a new cover, under a new key.
    const replaced = await saveShow(aliceId, show.id, { title: "Going", slug: "going", ...showFields }, coverFile(Buffer.concat([cover, Buffer.from("another")])));
    expect(replaced.coverPath).not.toBe(firstCover);
    expect(await status(replaced.coverPath!)).toBe(200);
    expect(await status(firstCover)).toBe(200); // in feeds and directories' caches: kept through the grace period

    await deleteShow(aliceId, show.id);
    expect(await status(replaced.coverPath!)).toBe(404);
    expect(await status(firstCover)).toBe(404);
    expect(await resolvePublicMedia(replaced.coverPath!)).toBeNull();
    expect(await storedKeys(`shows/${show.id}/`)).toHaveLength(2);
    await removeDueMedia(new Date(Date.now() + (MEDIA_GRACE_DAYS + 1) * 86_400_000));
    expect(await storedKeys(`shows/${show.id}/`)).toEqual([]);
  });
});

describe("changing a show's cover", () => {
  it("back to an earlier one keeps it: a cover that is current again is never removed after the grace period", async () => {
    const cover = readFileSync("sandbox/fixtures/cover.jpg");
    const coverFile = (bytes: Buffer) => new File([new Uint8Array(bytes)], "cover.jpg", { type: "image/jpeg" });
    const fields = { title: "Covers", slug: "covers", ...showFields };
    const first = await saveShow(aliceId, null, fields, coverFile(cover));
    const second = await saveShow(aliceId, first.id, fields, coverFile(Buffer.concat([cover, Buffer.from("b")])));
    const again = await saveShow(aliceId, first.id, fields, coverFile(cover));
    expect(again.coverPath).toBe(first.coverPath);
    await removeDueMedia(new Date(Date.now() + (MEDIA_GRACE_DAYS + 1) * 86_400_000));
    expect(await isStored(first.coverPath!)).toBe(true);
    expect(await isStored(second.coverPath!)).toBe(false);
    expect(await resolvePublicMedia(first.coverPath!)).not.toBeNull();
  });
});
