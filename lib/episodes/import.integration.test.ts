// The import job end to end: a real sandbox over HTTP (faults included), a real Postgres database, real files.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { deleteImportJobs, listImportJobs, makeImportJobSilentSince, runJobEngineMaintenance, setImportJobState } from "@/lib/testing/import-jobs";
import {
  controlSandbox,
  deliverWebhook,
  drainImportQueue,
  filesUnder,
  finishProduction as finishProductionIn,
  md5OfFile,
  type SandboxProduction,
} from "@/lib/testing/import-harness";
import { readTranscript } from "@/lib/episodes/read-transcript";
import { isStored, partialKeys, putStored, storedKeys, storedMd5 } from "@/lib/testing/stored-media";
import { getFixture, overrideFixture } from "@/sandbox/fixtures";
import { signIn, startTestSandbox, waitFor } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-media-"));
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, {
  AUPHONIC_BASE_URL: base,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mediaDir,
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  IMPORT_MAX_ATTEMPTS: "6",
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { runNextImport } = await import("@/lib/jobs/import-worker");
const { resolvePublicMedia } = await import("@/lib/media/media-index");
const { removeDueMedia, MEDIA_GRACE_DAYS } = await import("@/lib/storage/retire-media");
const { settleChanges } = await import("@/lib/cache/change-listener");
const { getStorage } = await import("@/lib/storage/media-storage");

const control = (pathname: string, body?: unknown) => controlSandbox(base, pathname, body);
const finishProduction = (username: string, displayName: string, extra: object = {}) => finishProductionIn(base, username, displayName, extra);
const deliver = deliverWebhook;
const drainQueue = drainImportQueue;
const md5 = md5OfFile;

let publish: { id: string; webhookSecret: string; displayName: string };
let draft: { id: string; webhookSecret: string; displayName: string };

beforeEach(async () => {
  await control("/reset", {});
  await db.mediaFile.deleteMany();
  await deleteImportJobs(db);
  await db.delivery.deleteMany();
  await db.episode.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  const alice = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"));
  await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"));
  const show = await saveShow(
    alice.id,
    null,
    { title: "Family", slug: "family", description: "d", author: "a", ownerName: "o", ownerEmail: "o@example.com", language: "en", category: "History", explicit: false, type: "episodic" },
    null,
  );
  publish = await createConnection(alice.id, show.id, { displayName: "Family - Publish Now", customData: '{"publishState":"publish","season":2,"network":"Kids"}' });
  draft = await createConnection(alice.id, show.id, { displayName: "Family - Draft", customData: '{"publishState":"draft"}' });
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("import", () => {
  it("copies the production into a published episode with its files, chapters by output time, and custom_data", async () => {
    const production = await finishProduction("alice", publish.displayName);
    const reply = await deliver(publish.webhookSecret, production.uuid, '{"publishState":"publish","season":2,"network":"Kids"}');
    expect(reply.status).toBe(200);
    expect(await drainQueue()).toBe(1);

    const episode = await db.episode.findFirstOrThrow({ include: { files: true } });
    expect(episode).toMatchObject({ state: "published", importState: "ready", importError: null, season: 2, audioVersion: 1, productionUuid: production.uuid });
    expect(episode.publishedAt).toBeInstanceOf(Date);
    expect(episode.title).not.toBe("");
    expect(JSON.parse(episode.customData)).toMatchObject({ network: "Kids" });

    const chapters = JSON.parse(episode.chapters) as { startSec: number; title: string }[];
    const expected = [...production.chapters].sort((a, b) => a.start_output_sec - b.start_output_sec);
    expect(chapters.map((chapter) => chapter.startSec)).toEqual(expected.map((chapter) => chapter.start_output_sec));

    const enclosure = episode.files.find((file) => file.isEnclosure)!;
    expect(enclosure).toMatchObject({ format: "mp3", contentType: "audio/mpeg" });
    const source = production.output_files.find((file) => file.filename === enclosure.filename)!;
    expect(Number(enclosure.size)).toBe(source.size);
    expect(await storedMd5(enclosure.key)).toBe(source.checksum);
    expect(episode.files.map((file) => file.kind).sort()).toEqual(expect.arrayContaining(["audio", "transcript", "cover"]));
    expect(episode.files.filter((file) => file.kind === "audio").length).toBeGreaterThanOrEqual(2);
    expect(await partialKeys()).toEqual([]);
  });

  it("imports through the Draft connection as a draft", async () => {
    const production = await finishProduction("alice", draft.displayName);
    const reply = await deliver(draft.webhookSecret, production.uuid);
    expect(reply.body.result_page_url).toMatch(/^http:\/\/localhost:3999\/episodes\//);
    await drainQueue();
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ state: "draft", importState: "ready", publishedAt: null });
  });

  it("survives API 500s, truncated and corrupted downloads, and a storage redirect to a foreign host", async () => {
    const production = await finishProduction("alice", publish.displayName);
    await control("/faults", { api500: 2, truncateDownloads: 1, corruptDownloads: 1, redirectForeignHost: true });
    await deliver(publish.webhookSecret, production.uuid);
    const runs = await drainQueue();
    expect(runs).toBeGreaterThan(1);
    const episode = await db.episode.findFirstOrThrow({ include: { files: true } });
    expect(episode.importState).toBe("ready");
    // The foreign storage host refuses any request carrying Authorization (400): success proves no token went there.
    for (const file of episode.files.filter((item) => item.kind === "audio")) {
      const source = production.output_files.find((item) => item.filename === file.filename)!;
      expect(await storedMd5(file.key)).toBe(source.checksum);
    }
    expect(await partialKeys()).toEqual([]);
    const jobs = await listImportJobs(db);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: "completed" });
    expect(jobs[0]!.retryCount).toBeGreaterThan(0);
  });

  it("survives slow API answers and refetches the production when a signed download link has expired", async () => {
    const production = await finishProduction("alice", publish.displayName);
    await control("/faults", { apiDelayMs: 300, expireSignedUrls: 1 });
    await deliver(publish.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(1);
    const episode = await db.episode.findFirstOrThrow({ include: { files: true } });
    expect(episode).toMatchObject({ importState: "ready", audioVersion: 1 });
    const state = (await control("/state")) as { faults: { expireSignedUrls: number } };
    expect(state.faults.expireSignedUrls).toBe(0);
    expect(await partialKeys()).toEqual([]);
  });

  it("ten deliveries of one production make one episode; a re-run replaces the audio under a new version, same guid", async () => {
    const production = await finishProduction("alice", publish.displayName);
    for (let i = 0; i < 10; i++) await deliver(publish.webhookSecret, production.uuid);
    await drainQueue();
    expect(await db.episode.count()).toBe(1);
    const first = await db.episode.findFirstOrThrow({ include: { files: true } });
    const firstKey = first.files.find((file) => file.isEnclosure)!.key;

    await deliver(publish.webhookSecret, production.uuid); // same change_time: nothing to do
    await drainQueue();
    expect((await db.episode.findFirstOrThrow()).audioVersion).toBe(1);

    await control(`/productions/${production.uuid}/rerun`, {});
    await deliver(publish.webhookSecret, production.uuid);
    await drainQueue();
    const second = await db.episode.findFirstOrThrow({ include: { files: true } });
    expect(second.guid).toBe(first.guid);
    expect(second.audioVersion).toBe(2);
    expect(second.title).not.toBe(first.title);
    const secondKey = second.files.find((file) => file.isEnclosure)!.key;
    expect(secondKey).not.toBe(firstKey);
    expect(secondKey).toMatch(/\/v2-[0-9a-f]{8}\//);
    expect(await isStored(secondKey)).toBe(true);
    // The first version's URL was sent out as immutable: it still answers during the grace period, then goes.
    expect(await isStored(firstKey)).toBe(true);
    expect(await resolvePublicMedia(firstKey)).toMatchObject({ key: firstKey, size: Number(first.files.find((file) => file.isEnclosure)!.size) });
    expect(await removeDueMedia(new Date(Date.now() + (MEDIA_GRACE_DAYS - 1) * 86_400_000))).toBe(0);
    expect(await removeDueMedia(new Date(Date.now() + (MEDIA_GRACE_DAYS + 1) * 86_400_000))).toBeGreaterThan(0);
    await settleChanges();
    expect(await isStored(firstKey)).toBe(false);
    expect(await resolvePublicMedia(firstKey)).toBeNull();
    expect(await isStored(secondKey)).toBe(true);
  });

  it("a re-delivery whose retry finds nothing new leaves no stale error on the episode", async () => {
    const production = await finishProduction("alice", publish.displayName);
    await deliver(publish.webhookSecret, production.uuid);
    await drainQueue();
    await control("/faults", { api500: 1 });
    await deliver(publish.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(2);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ importState: "ready", importError: null, audioVersion: 1 });
  });

  it("hostile metadata (NUL, lone surrogates, control characters) imports cleaned, not as a database error", async () => {
    const production = await finishProduction("alice", publish.displayName, {
      metadata: { title: "Bad\u0000 title\uD800", subtitle: "bell\u0007", summary: "one\u0000two", tags: ["a\u0000b"], publisher: "\uDC00" },
    });
    await deliver(publish.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(1);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({
      importState: "ready",
      importError: null,
      title: "Bad title\uFFFD",
      subtitle: "bell",
      summary: "onetwo",
      tags: JSON.stringify(["ab"]),
      publisher: "\uFFFD",
    });
  });

  it("a 50,000-character title and 600 KB of notes from Auphonic import within the episode form's limits", async () => {
    const production = await finishProduction("alice", publish.displayName, {
      metadata: { title: "T".repeat(50_000), summary: `${"<b>_a ".repeat(100_000)}\n` },
    });
    await deliver(publish.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(1);
    const episode = await db.episode.findFirstOrThrow();
    expect(episode).toMatchObject({ importState: "ready", importError: null });
    expect(episode.title).toHaveLength(300);
    expect(episode.title.endsWith("…")).toBe(true);
    expect(episode.summary!.length).toBeLessThanOrEqual(10_000);
    expect(episode.summary!.startsWith("<b>_a <b>_a")).toBe(true);
  });

  it("a 2 MB crafted WebVTT imports, parsed once: pages read the stored cues, never the file", async () => {
    const original = getFixture("vtt").path;
    const hostile = path.join(mediaDir, "..", `hostile-${Date.now()}.vtt`);
    writeFileSync(hostile, `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Alice>hello\n\n00:00:03.000 --> 00:00:04.000\n${"<v ".repeat(700_000)}\n`);
    overrideFixture("vtt", hostile);
    try {
      const production = await finishProduction("alice", publish.displayName);
      await deliver(publish.webhookSecret, production.uuid);
      expect(await drainQueue()).toBe(1);
    } finally {
      overrideFixture("vtt", original);
    }
    const episode = await db.episode.findFirstOrThrow({ include: { files: true } });
    expect(episode.importState).toBe("ready");
    const vtt = episode.files.find((file) => file.filename.endsWith(".vtt"))!;
    await (await getStorage()).delete(vtt.key); // what the page shows no longer depends on the file
    const transcript = readTranscript(episode)!;
    expect(transcript).toMatchObject({ key: vtt.key, format: "WebVTT" });
    expect(transcript.cues).toHaveLength(2);
    expect(transcript.cues[0]).toEqual({ startSec: 1, text: "Alice: hello" });
    expect(transcript.cues[1]!.text.length).toBeGreaterThan(2_000_000);
  });

  it("a cover and chapter images that point away from Auphonic are left out, and that service is never asked", async () => {
    const elsewhere = await startCountingServer();
    try {
      const production = await finishProduction("alice", publish.displayName, { image_url: `http://127.0.0.1:${elsewhere.port}/latest/meta-data/` });
      await deliver(publish.webhookSecret, production.uuid);
      expect(await drainQueue()).toBe(1);
    } finally {
      elsewhere.server.close();
    }
    const episode = await db.episode.findFirstOrThrow({ include: { files: true } });
    expect(episode).toMatchObject({ importState: "ready", coverKey: null });
    expect(episode.files.filter((file) => file.kind === "cover" || file.kind === "chapter-image")).toEqual([]);
    expect(JSON.parse(episode.chapters).every((chapter: { imageKey: string | null }) => chapter.imageKey === null)).toBe(true);
    expect(elsewhere.requests()).toBe(0);
  });

  it("a cover that is Auphonic's but no image is left out, not published as an image", async () => {
    const other = await finishProduction("alice", publish.displayName);
    const vtt = (other.output_files as { filename: string; download_url?: string }[]).find((file) => file.filename.endsWith(".vtt"))!;
    expect(vtt.download_url).toMatch(/^http:\/\/localhost:\d+\/api\/download\//); // on the sandbox's (Auphonic's) origin
    const production = await finishProduction("alice", publish.displayName, { image_url: vtt.download_url });
    await deliver(publish.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(1);
    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid }, include: { files: true } });
    expect(episode).toMatchObject({ importState: "ready", coverKey: null });
    expect(episode.files.filter((file) => file.kind === "cover" || file.kind === "chapter-image")).toEqual([]);
    const stored = await storedKeys(`episodes/${episode.id}/`);
    expect(stored.filter((key) => key.includes("/cover") || key.includes("/chapter-"))).toEqual([]);
    expect(stored.length).toBe(episode.files.length);
  });

  it("a result file URL away from Auphonic is refused before any request is made", async () => {
    const elsewhere = await startCountingServer();
    const production = await finishProduction("alice", publish.displayName);
    await deliver(publish.webhookSecret, production.uuid);
    const { openResultDownload } = await import("@/lib/auphonic/open-result-download");
    await expect(openResultDownload(`http://127.0.0.1:${elsewhere.port}/episode.mp3`, "token")).rejects.toThrow(/only taken from Auphonic/);
    elsewhere.server.close();
    expect(elsewhere.requests()).toBe(0);
  });

  it("a production that ended in Error is recorded as a failure and published nowhere", async () => {
    const production = await finishProduction("alice", publish.displayName, { status: "Error" });
    await deliver(publish.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(1);
    const episode = await db.episode.findFirstOrThrow();
    expect(episode).toMatchObject({ importState: "failed", state: "draft", audioVersion: 0 });
    expect(episode.importError).toMatch(/production failed/);
  });

  it("a delivery that arrived during a run that then fails for good still gets its run", async () => {
    const production = await finishProduction("alice", publish.displayName, { status: "Error" });
    await deliver(publish.webhookSecret, production.uuid);
    // What requestImport records when a delivery lands while the job runs.
    await db.episode.updateMany({ data: { importRerunRequested: true } });
    expect(await drainQueue()).toBe(2);
    expect((await listImportJobs(db)).map((job) => job.state)).toEqual(["completed", "failed"]);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ importState: "failed", importRerunRequested: false });
  });

  it("a final failure removes what a killed earlier run half-copied", async () => {
    const production = await finishProduction("alice", publish.displayName, { status: "Error" });
    await deliver(publish.webhookSecret, production.uuid);
    const [job] = await listImportJobs(db);
    await putStored(`episodes/${job!.data.episodeId}/v1-deadbeef/episode.mp3`, "half");
    expect(await drainQueue()).toBe(1);
    expect(await listImportJobs(db)).toMatchObject([{ state: "failed", output: { reason: expect.stringMatching(/production failed/) } }]);
    expect(await storedKeys(`episodes/${job!.data.episodeId}/`)).toEqual([]);
  });

  it("a Draft production's delivery replayed to the Publish Now URL is rejected, logged, and creates nothing there", async () => {
    const production = await finishProduction("alice", draft.displayName);
    await deliver(publish.webhookSecret, production.uuid); // the JWT is valid: the same client secret signs every URL
    expect(await drainQueue()).toBe(1);
    expect(await db.episode.count()).toBe(0);
    const rejected = await db.delivery.findFirstOrThrow({ where: { accepted: false, connectionId: publish.id } });
    expect(rejected.reason).toMatch(/not published to this connection/);
    // Delivered where it belongs, it imports.
    await deliver(draft.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(1);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ connectionId: draft.id, importState: "ready", state: "draft" });
  });

  it("a production of another Auphonic user is rejected, logged, and leaves no episode", async () => {
    const production = (await control("/productions", { username: "bob", deliver: false })) as SandboxProduction;
    await deliver(publish.webhookSecret, production.uuid);
    await drainQueue();
    expect(await db.episode.count()).toBe(0);
    const rejected = await db.delivery.findFirstOrThrow({ where: { accepted: false } });
    expect(rejected.reason).toMatch(/not for this user/);
  });

  it("a run that lost its job records nothing: the job and the episode belong to the run that took over", async () => {
    const production = await finishProduction("alice", publish.displayName);
    await deliver(publish.webhookSecret, production.uuid);
    await control("/faults", { apiDelayMs: 1000 });
    const slow = runNextImport();
    const [job] = await waitFor(async () => {
      const active = await listImportJobs(db, { live: true });
      return active[0]?.state === "active" ? active : undefined;
    });
    // The run reads its fence right after the fetch, then waits a second for the slow API: take over in that second
    // (a takeover between the fetch and the fence read is the run's to notice at once: fetchImportRun gives up).
    await new Promise((resolve) => setTimeout(resolve, 300));
    // While the slow run waits for Auphonic, its job expires and another run takes it: a new start time.
    await setImportJobState(db, job!.id, "active", 1);
    expect(await slow).toBe(true);
    expect(await listImportJobs(db)).toMatchObject([{ id: job!.id, state: "active", output: null }]);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ audioVersion: 0, importError: null });
    expect(await db.mediaFile.count()).toBe(0);
  });

  it("a worker that died on its last attempt while a delivery asked for a re-run: the dead letter queues that run", async () => {
    const production = await finishProduction("alice", publish.displayName);
    await deliver(publish.webhookSecret, production.uuid);
    const [job] = await listImportJobs(db);
    // The last attempt (IMPORT_MAX_ATTEMPTS is 6 here) is running; a delivery arrives; then the worker dies.
    await setImportJobState(db, job!.id, "active", 5);
    await deliver(publish.webhookSecret, production.uuid);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ importRerunRequested: true });
    await makeImportJobSilentSince(db, job!.id, 60);
    await runJobEngineMaintenance(); // the job fails for good and its dead letter is written
    expect(await runNextImport()).toBe(true); // the dead letter queues the re-run, which this call then runs
    expect((await listImportJobs(db)).map((item) => item.state)).toEqual(["failed", "completed"]);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ importState: "ready", importError: null, importRerunRequested: false, audioVersion: 1 });
  });

  it("re-import works after the engine has archived the episode's jobs", async () => {
    const production = await finishProduction("alice", publish.displayName);
    await deliver(publish.webhookSecret, production.uuid);
    expect(await drainQueue()).toBe(1);
    const episode = await db.episode.findFirstOrThrow();
    await deleteImportJobs(db); // what pg-boss's archive does to ended jobs after a week
    const { retryImport } = await import("@/lib/episodes/retry-import");
    await retryImport(episode.userId, episode.id, { takeAuphonicValues: true });
    expect(await listImportJobs(db, { live: true })).toHaveLength(1);
    expect(await drainQueue()).toBe(1);
    expect(await db.episode.findFirstOrThrow()).toMatchObject({ importState: "ready", audioVersion: 2 });
  });

  it("a worker that died mid-download is replaced after its lease; no partial file survives", async () => {
    const production = await finishProduction("alice", publish.displayName);
    await deliver(publish.webhookSecret, production.uuid);
    const [job] = await listImportJobs(db);
    // What a killed worker leaves: an active job, a half-written temporary file.
    await setImportJobState(db, job!.id, "active");
    const halfCopy = `episodes/${job!.data.episodeId}/v1-deadbeef/episode.mp3`;
    await putStored(halfCopy, "half");

    expect(await runNextImport()).toBe(false); // the run may still be alive
    await runJobEngineMaintenance();
    expect(await runNextImport()).toBe(false); // its lease is not over yet
    await makeImportJobSilentSince(db, job!.id, 60);
    await runJobEngineMaintenance();
    expect(await runNextImport()).toBe(true);
    const episode = await db.episode.findFirstOrThrow();
    expect(episode.importState).toBe("ready");
    expect(await isStored(halfCopy)).toBe(false);
    expect(await partialKeys()).toEqual([]);
  });
});

/** A local HTTP service that only counts what reaches it: what production data must never make us fetch from. */
async function startCountingServer() {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.end("internal data");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, requests: () => requests };
}
