// Quotas per creator, end to end on a real Postgres, real storage and real HTTP: an Auphonic import and a move-in
// copy that would pass the storage quota fail with a message naming it, store nothing, and succeed when retried
// after an episode is deleted; two charges at once (two connections) cannot both pass; one running move-in per
// creator; move-in previews per hour; and the webhook's refusal limit counted across two processes.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";
import { deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { storedKeys } from "@/lib/testing/stored-media";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

const databaseUrl = await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-quotas-"));
const AUDIO = readFileSync(path.resolve("sandbox/fixtures/episode.mp3"));
const COVER = readFileSync(path.resolve("sandbox/fixtures/cover.jpg"));

// The old host of the move-ins: feeds of two episodes each, with real audio.
function oldFeed(base: string, name: string): string {
  const items = [1, 2]
    .map((n) => `<item><title>${name} ${n}</title><guid>${name}-${n}</guid><enclosure url="${base}/${name}/${n}.mp3" length="${AUDIO.length}" type="audio/mpeg"/></item>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${name}</title><description>d</description><language>en</language>${items}</channel></rss>`;
}
function handle(request: IncomingMessage, response: ServerResponse) {
  const { pathname } = new URL(request.url ?? "/", oldHost);
  const send = (body: string | Buffer, type: string) => response.writeHead(200, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) }).end(body);
  const feed = /^\/([a-z-]+)\/feed\.xml$/.exec(pathname);
  if (feed) return send(oldFeed(oldHost, feed[1]!), "application/rss+xml");
  if (pathname.endsWith(".mp3")) return send(AUDIO, "audio/mpeg");
  response.writeHead(404).end();
}
const server = createServer(handle);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const oldHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, {
  APP_URL: "http://localhost:3999",
  AUPHONIC_BASE_URL: base,
  MEDIA_DIR: mediaDir,
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  MOVE_IN_PREVIEWS_PER_HOUR: "4",
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { deleteEpisode } = await import("@/lib/episodes/delete-episode");
const { retryImport } = await import("@/lib/episodes/retry-import");
const { getStorageUsage } = await import("./get-storage-usage");
const { chargeStorage } = await import("./charge-storage");
const { previewMoveIn } = await import("@/lib/move-in/preview-move-in");
const { startMoveIn } = await import("@/lib/move-in/start-move-in");
const { retryMoveIn } = await import("@/lib/move-in/retry-move-in");
const { importMovedEpisode } = await import("@/lib/move-in/move-in-jobs");
const { getMoveInForUserOrThrow } = await import("@/lib/move-in/get-move-in-for-user");
const { stopJobEngine } = await import("@/lib/jobs/job-engine");
const { mayLogRefusal } = await import("@/lib/webhooks/limit-refusals");

const alice = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"));
const bob = await db.user.create({ data: { auphonicUserId: "bob-id", username: "bob" } });

afterAll(async () => {
  await stopJobEngine();
  await db.$disconnect();
  await new Promise((resolve) => server.close(resolve));
  await sandbox.close();
});

const setQuota = (userId: string, bytes: number | null) => db.user.update({ where: { id: userId }, data: { storageQuotaBytes: bytes === null ? null : BigInt(bytes) } });

/** Copies each of the move-in's open items as its job would, one after the other. */
async function copyItems(moveInId: string) {
  const items = await db.moveInItem.findMany({ where: { moveInId, state: { in: ["queued", "importing"] } }, orderBy: { position: "asc" } });
  for (const item of items) await importMovedEpisode(item.id);
  return (await getMoveInForUserOrThrow(alice.id, moveInId)).items;
}

describe("the storage quota", () => {
  it("refuses the Auphonic import that would pass it, with its message on the episode, storing nothing; a retry after deleting an episode imports it", { timeout: 60_000 }, async () => {
    const show = await saveShow(alice.id, null, showInput("quota-imports"), null);
    const connection = await createConnection(alice.id, show.id, { displayName: "Quota - Publish", customData: '{"publishState":"publish"}' });
    const first = await finishProduction(base, "alice", connection.displayName);
    await deliverWebhook(connection.webhookSecret, first.uuid);
    await drainImportQueue();
    const imported = await db.episode.findFirstOrThrow({ where: { productionUuid: first.uuid }, include: { files: true } });
    expect(imported.importState).toBe("ready");
    const usage = await getStorageUsage(alice.id);
    const episodeBytes = imported.files.reduce((sum, file) => sum + Number(file.size), 0);
    expect(usage.usedBytes).toBe(episodeBytes);

    // Room for one more half: the second production (as large as the first) would pass the quota.
    await setQuota(alice.id, Math.round(usage.usedBytes * 1.5));
    const second = await finishProduction(base, "alice", connection.displayName);
    await deliverWebhook(connection.webhookSecret, second.uuid);
    await drainImportQueue();
    const refused = await db.episode.findFirstOrThrow({ where: { productionUuid: second.uuid }, include: { files: true } });
    expect(refused).toMatchObject({ importState: "failed", importErrorKind: "podhaven" });
    expect(refused.importError).toMatch(/storage quota of \d/);
    expect(refused.importError).toMatch(/Nothing was stored/);
    expect(refused.files).toEqual([]);
    expect(await storedKeys(`episodes/${refused.id}/`)).toEqual([]);
    expect((await getStorageUsage(alice.id)).usedBytes).toBe(usage.usedBytes);

    // Space freed: the retry the page offers imports it.
    await deleteEpisode(alice.id, imported.id);
    expect((await getStorageUsage(alice.id)).usedBytes).toBe(0);
    await retryImport(alice.id, refused.id);
    await drainImportQueue();
    const retried = await db.episode.findUniqueOrThrow({ where: { id: refused.id }, include: { files: true } });
    expect(retried).toMatchObject({ importState: "ready", importError: null });
    expect(retried.files.length).toBeGreaterThan(0);
    await setQuota(alice.id, null);
  });

  it("refuses the move-in copy that would pass it, with its message in the move-in report, storing nothing; retried after deleting an episode, it moves in", { timeout: 60_000 }, async () => {
    const before = (await getStorageUsage(alice.id)).usedBytes;
    // Room for one episode's audio and a half.
    await setQuota(alice.id, before + Math.round(AUDIO.length * 1.5));
    const { moveInId } = await previewMoveIn(alice.id, { kind: "url", url: `${oldHost}/roomy/feed.xml` });
    const { showId } = await startMoveIn(alice.id, { moveInId, slug: "roomy", ownerEmail: "o@example.com", category: "Arts" });
    const items = await copyItems(moveInId);
    expect(items.map((item) => item.state)).toEqual(["done", "failed"]);
    expect(items[1]!.error).toMatch(/storage quota of \d/);
    expect(await db.episode.count({ where: { id: items[1]!.episodeId } })).toBe(0);
    expect(await db.mediaFile.count({ where: { episodeId: items[1]!.episodeId } })).toBe(0);
    expect(await storedKeys(`episodes/${items[1]!.episodeId}/`)).toEqual([]);
    expect((await getMoveInForUserOrThrow(alice.id, moveInId)).state).toBe("done");

    await deleteEpisode(alice.id, items[0]!.episodeId);
    expect(await retryMoveIn(alice.id, moveInId)).toBe(1);
    const after = await copyItems(moveInId);
    expect(after.map((item) => item.state)).toEqual(["done", "done"]);
    expect(await db.episode.count({ where: { showId } })).toBe(1);
    expect((await getMoveInForUserOrThrow(alice.id, moveInId)).state).toBe("done");
    await setQuota(alice.id, null);
  });

  it("refuses a copy before any download when the quota is already used up", async () => {
    const before = (await getStorageUsage(alice.id)).usedBytes;
    await setQuota(alice.id, before);
    const { moveInId } = await previewMoveIn(alice.id, { kind: "url", url: `${oldHost}/full/feed.xml` });
    await startMoveIn(alice.id, { moveInId, slug: "full", ownerEmail: "o@example.com", category: "Arts" });
    const items = await copyItems(moveInId);
    expect(items.map((item) => item.state)).toEqual(["failed", "failed"]);
    for (const item of items) expect(item.error).toMatch(/storage quota of .* is used up/);
    await setQuota(alice.id, null);
  });

  it("counts show covers and episode artwork, and refuses an upload that does not fit, at its field, storing nothing", async () => {
    const erin = await db.user.create({ data: { auphonicUserId: "erin-id", username: "erin" } });
    const coverFile = () => new File([COVER], "cover.jpg", { type: "image/jpeg" });
    const show = await saveShow(erin.id, null, showInput("erin-show"), coverFile());
    expect(await getStorageUsage(erin.id)).toMatchObject({ usedBytes: COVER.length });
    await setQuota(erin.id, COVER.length + 1000);
    // A second show with the same cover does not fit: refused before the show is made.
    await expect(saveShow(erin.id, null, showInput("erin-other"), coverFile())).rejects.toMatchObject({ code: "QUOTA_EXCEEDED", fieldErrors: { cover: [expect.stringMatching(/storage quota of 20 KiB/)] } });
    expect(await db.show.count({ where: { userId: erin.id } })).toBe(1);
    // Episode artwork: refused, and no file left behind.
    const episode = await db.episode.create({ data: { userId: erin.id, showId: show.id, guid: "erin-episode", importState: "ready" } });
    const { updateEpisode } = await import("@/lib/episodes/update-episode");
    const input = { episodeId: episode.id, title: "Erin's", summary: "", episodeNumber: null, removeArtwork: false } as Parameters<typeof updateEpisode>[1];
    await expect(updateEpisode(erin.id, input, new File([COVER], "art.jpg", { type: "image/jpeg" }))).rejects.toMatchObject({ code: "QUOTA_EXCEEDED", fieldErrors: { cover: [expect.stringMatching(/storage quota/)] } });
    expect(await storedKeys(`episodes/${episode.id}/`)).toEqual([]);
    expect(await db.mediaFile.count({ where: { episodeId: episode.id } })).toBe(0);
    // Room made: the artwork is stored and counted.
    await setQuota(erin.id, null);
    await updateEpisode(erin.id, input, new File([COVER], "art.jpg", { type: "image/jpeg" }));
    expect(await getStorageUsage(erin.id)).toMatchObject({ usedBytes: COVER.length * 2 });
  });

  it("lets only one of two concurrent charges pass (two connections, each in its own transaction)", async () => {
    const show = await db.show.create({ data: { userId: bob.id, ...showInput("bob-charges") } });
    const episode = await db.episode.create({ data: { userId: bob.id, showId: show.id, guid: "bob-charge-episode" } });
    await setQuota(bob.id, 1_000_000);
    const charge = (name: string) =>
      db.$transaction(
        async (tx) => {
          await chargeStorage(tx, bob.id, 600_000);
          // Both would fit alone; the second must wait for the first to commit and then count its file.
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx.mediaFile.create({ data: { episodeId: episode.id, kind: "audio", format: "mp3", key: `episodes/${episode.id}/v1/${name}.mp3`, filename: `${name}.mp3`, contentType: "audio/mpeg", size: 600_000n } });
        },
        { timeout: 10_000 },
      );
    const outcomes = await Promise.allSettled([charge("a"), charge("b")]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "QUOTA_EXCEEDED", message: expect.stringMatching(/storage quota of 977 KiB/) });
    expect(await db.mediaFile.count({ where: { episodeId: episode.id } })).toBe(1);
    // Unlimited (0) lets both pass.
    await setQuota(bob.id, 0);
    await charge("c");
    expect(await db.mediaFile.count({ where: { episodeId: episode.id } })).toBe(2);
  });
});

describe("one running move-in per creator", () => {
  it("refuses a second move-in while one runs, started at the same time, and allows it once the first has finished", { timeout: 30_000 }, async () => {
    const first = await previewMoveIn(bob.id, { kind: "url", url: `${oldHost}/one/feed.xml` });
    const second = await previewMoveIn(bob.id, { kind: "url", url: `${oldHost}/two/feed.xml` });
    const outcomes = await Promise.allSettled([
      startMoveIn(bob.id, { moveInId: first.moveInId, slug: "bob-one", ownerEmail: "o@example.com", category: "Arts" }),
      startMoveIn(bob.id, { moveInId: second.moveInId, slug: "bob-two", ownerEmail: "o@example.com", category: "Arts" }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "QUOTA_EXCEEDED", message: expect.stringMatching(/one move-in runs at a time/) });
    const running = await db.moveIn.findFirstOrThrow({ where: { userId: bob.id, state: "importing" } });
    const waiting = running.id === first.moveInId ? second : first;
    expect(await db.moveIn.findUniqueOrThrow({ where: { id: waiting.moveInId } })).toMatchObject({ state: "preview", showId: null });

    for (const item of await db.moveInItem.findMany({ where: { moveInId: running.id } })) await importMovedEpisode(item.id);
    expect((await db.moveIn.findUniqueOrThrow({ where: { id: running.id } })).state).toBe("done");
    await startMoveIn(bob.id, { moveInId: waiting.moveInId, slug: "bob-three", ownerEmail: "o@example.com", category: "Arts" });
    expect((await db.moveIn.findUniqueOrThrow({ where: { id: waiting.moveInId } })).state).toBe("importing");
  });
});

describe("move-in previews per hour", () => {
  it("counts each creator's previews in the database and refuses past MOVE_IN_PREVIEWS_PER_HOUR, naming the limit", async () => {
    const carol = await db.user.create({ data: { auphonicUserId: "carol-id", username: "carol" } });
    const preview = () => previewMoveIn(carol.id, { kind: "url", url: `${oldHost}/previews/feed.xml` });
    // A preview that fails (no feed there) counts too: it made a request all the same.
    await expect(previewMoveIn(carol.id, { kind: "url", url: `${oldHost}/nothing-here` })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const outcomes = await Promise.allSettled([preview(), preview(), preview(), preview()]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(3);
    const refused = await preview().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", fieldErrors: { feedUrl: [expect.stringMatching(/4 move-in previews of this hour \(the move-in preview limit\)\. Try again in \d+ minutes?/)] } });
    expect(await db.moveIn.count({ where: { userId: carol.id } })).toBe(3);
    // Counted in the database, not in this process; once the budget is used, refusals are answered from memory
    // (the last one wrote nothing).
    expect(await db.rateLimit.findUniqueOrThrow({ where: { key: `move-in-preview:${carol.id}` } })).toMatchObject({ points: 5 });
    // Another creator has an hour of their own.
    const dave = await db.user.create({ data: { auphonicUserId: "dave-id", username: "dave" } });
    await expect(previewMoveIn(dave.id, { kind: "url", url: `${oldHost}/previews/feed.xml` })).resolves.toMatchObject({ moveInId: expect.any(String) });
  });
});

describe("the webhook's refusal limit", () => {
  it("is one budget per address for every process: two processes counting at once allow 30 in all", { timeout: 30_000 }, async () => {
    const address = "203.0.113.99";
    const other = promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/testing/consume-refusals.ts", address, "25"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    const here = await Promise.all(Array.from({ length: 25 }, () => mayLogRefusal(address)));
    const there = JSON.parse((await other).stdout) as boolean[];
    expect(there).toHaveLength(25);
    expect([...here, ...there].filter(Boolean)).toHaveLength(30);
    expect(await mayLogRefusal(address)).toBe(false);
    expect(await mayLogRefusal("198.51.100.99")).toBe(true);
  });
});
