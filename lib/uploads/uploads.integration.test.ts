// Browser uploads end to end on a real Postgres and real storage, over real HTTP (a Node server hands its request
// to receiveUpload as app/api/uploads/route.ts does): streamed and capped, sniffed, limited per creator and by the
// quota, owned, expiring, used once; "Publish as it is" storing exactly the bytes under the connection's policy; and
// "Replace audio" keeping the old version for its grace period. Hostile input per class.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";
import { isStored, storedKeys, storedMd5 } from "@/lib/testing/stored-media";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-uploads-"));
const APP = "http://localhost:3999";
const MAX_BYTES = 300_000;
Object.assign(process.env, { APP_URL: APP, MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", MEDIA_MAX_FILE_BYTES: String(MAX_BYTES) });

const AUDIO = readFileSync(path.resolve("sandbox/fixtures/episode.mp3"));
const M4A = readFileSync(path.resolve("sandbox/fixtures/episode.m4a"));
const COVER = readFileSync(path.resolve("sandbox/fixtures/cover.jpg"));
const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");

const { db } = await import("@/lib/db");
const { isAppError } = await import("@/lib/errors");
const { saveShow } = await import("@/lib/shows/save-show");
const { stopJobEngine } = await import("@/lib/jobs/job-engine");
const { getStorageUsage } = await import("@/lib/quotas/get-storage-usage");
const { removeDueMedia, MEDIA_GRACE_DAYS } = await import("@/lib/storage/retire-media");
const { respondWithFeed } = await import("@/lib/feed/respond-with-feed");
const { settleChanges } = await import("@/lib/cache/change-listener");
const { receiveUpload } = await import("./receive-upload");
const { openUploadStream } = await import("./open-upload-stream");
const { publishUpload } = await import("./publish-upload");
const { replaceEpisodeAudio } = await import("./replace-episode-audio");
const { removeExpiredUploads } = await import("./remove-expired-uploads");
const { UPLOAD_CLAIM_LIFETIME_MS } = await import("./unclaimed-upload");
const { timingOfFrames } = await import("./read-audio-timing");

// The test's stand-in for the route: the signed-in user is named by a header (the route takes it from the session).
async function handle(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? "/", "http://localhost");
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
  const aborted = new AbortController();
  request.once("close", () => {
    if (!request.complete) aborted.abort(new Error("The client went away."));
  });
  let status = 201;
  let body: unknown;
  try {
    // The body as Next hands it to a route handler: a Request made on the Node request (NextRequestAdapter).
    const { body: stream } = new Request(url, { method: "POST", body: request as unknown as ReadableStream, duplex: "half" } as RequestInit);
    body = await receiveUpload(String(request.headers["x-user"]), { filename: url.searchParams.get("filename"), headers, body: stream, signal: aborted.signal });
  } catch (error) {
    if (!isAppError(error)) throw error;
    status = error.status;
    body = { error: error.code, message: error.message };
  }
  response.writeHead(status, { "Content-Type": "application/json", Connection: "close" }).end(JSON.stringify(body));
}
const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    response.writeHead(500).end(JSON.stringify({ error: "INTERNAL", message: String(error) }));
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const uploadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/uploads`;

type Answer = { status: number; body: { uploadId?: string; filename?: string; size?: number; error?: string; message?: string } };

/** Posts `bytes` as an upload; `chunked`: without Content-Length, in 16 KB pieces (as a stream the server cannot size). */
// A name no other test file uploads: the S3 pass shares one bucket between test files running at once, so what this
// file stored is told apart by it (episodeKeysOfThisFile).
const UPLOAD_NAME = "uploads-integration-test.mp3";
const episodeKeysOfThisFile = async () => (await storedKeys("episodes/")).filter((key) => key.endsWith(`/${UPLOAD_NAME}`));

async function upload(userId: string, bytes: Buffer, { filename = UPLOAD_NAME as string | null, chunked = false, headers = {} as Record<string, string> } = {}): Promise<Answer> {
  const query = filename === null ? "" : `?filename=${encodeURIComponent(filename)}`;
  const body = chunked
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 16_384) controller.enqueue(bytes.subarray(at, at + 16_384));
          controller.close();
        },
      })
    : bytes;
  const response = await fetch(`${uploadUrl}${query}`, { method: "POST", body, headers: { "x-user": userId, ...headers }, duplex: "half" } as RequestInit);
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const uploadedKeys = (userId: string) => storedKeys(`uploads/${userId}/`);

/** Starts an upload of `bytes` declaring its whole size, sends the first `sentBytes` and waits: the rest is the caller's. */
function startUpload(userId: string, bytes: Buffer, sentBytes: number): { outgoing: ClientRequest; answer: Promise<Answer | "closed"> } {
  const outgoing = httpRequest(`${uploadUrl}?filename=slow.mp3`, { method: "POST", headers: { "x-user": userId, "Content-Length": String(bytes.length) } });
  const answer = new Promise<Answer | "closed">((resolve) => {
    outgoing.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as Answer["body"] }));
    });
    outgoing.on("error", () => resolve("closed"));
  });
  outgoing.write(bytes.subarray(0, sentBytes));
  return { outgoing, answer };
}

/** Waits until `check` holds (a server-side effect of a request in flight), for 5 s at most. */
async function eventually(check: () => Promise<boolean>) {
  for (let waited = 0; waited < 100 && !(await check()); waited++) await new Promise((resolve) => setTimeout(resolve, 50));
}

let alice: string;
let bob: string;
let carol: string;
let showId: string;
const connections: Record<"publish" | "draft" | "schedule", string> = { publish: "", draft: "", schedule: "" };

beforeAll(async () => {
  alice = (await db.user.create({ data: { auphonicUserId: "alice-id", username: "alice" } })).id;
  bob = (await db.user.create({ data: { auphonicUserId: "bob-id", username: "bob" } })).id;
  carol = (await db.user.create({ data: { auphonicUserId: "carol-id", username: "carol" } })).id;
  showId = (await saveShow(alice, null, showInput("uploads"), null)).id;
  const policies = { publish: '{"publishState":"publish"}', draft: '{"publishState":"draft","episodeType":"bonus"}', schedule: '{"publishState":"schedule","publishDelayHours":5}' };
  for (const [name, customData] of Object.entries(policies) as [keyof typeof policies, string][]) {
    connections[name] = (await db.connection.create({ data: { userId: alice, showId, displayName: `Uploads ${name}`, customData, webhookSecret: `secret-${name}` } })).id;
  }
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stopJobEngine();
  await db.$disconnect();
});

describe("receiving an upload", () => {
  it("streams the file into storage as sent, under a safe name with the sniffed extension, staged for 24 hours", async () => {
    const answer = await upload(alice, AUDIO, { filename: "../../etc/My Ep (1) ünïcode.wav" });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ filename: "My-Ep-1-n-code.mp3", size: AUDIO.length });
    const row = await db.upload.findUniqueOrThrow({ where: { id: answer.body.uploadId! } });
    expect(row).toMatchObject({ userId: alice, key: `uploads/${alice}/${row.id}/My-Ep-1-n-code.mp3`, contentType: "audio/mpeg", usedAt: null });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(await storedMd5(row.key)).toBe(md5(AUDIO));
    const opened = await openUploadStream(alice, row.id);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    expect(md5(Buffer.concat(chunks))).toBe(md5(AUDIO));
    expect(opened).toMatchObject({ size: AUDIO.length, filename: "My-Ep-1-n-code.mp3", contentType: "audio/mpeg" });
  });

  it("takes M4A too", async () => {
    const answer = await upload(alice, M4A, { filename: "talk.m4a" });
    expect(answer.status).toBe(201);
    expect(answer.body.filename).toBe("talk.m4a");
  });

  it("refuses a file over MEDIA_MAX_FILE_BYTES with 413 unread, and one without a Content-Length, and leaves nothing", async () => {
    const large = Buffer.concat([AUDIO, AUDIO]);
    expect(large.length).toBeGreaterThan(MAX_BYTES);
    const before = await db.upload.count();
    const declared = await upload(carol, large);
    expect(declared.status).toBe(413);
    expect(declared.body.message).toMatch(/larger than the limit of .* per file\. Nothing was stored\./);
    // Its size is reserved under the quota before the body is read: a body of unknown size is refused (the route: 411).
    const streamed = await upload(carol, AUDIO, { chunked: true });
    expect(streamed.status).toBe(400);
    expect(streamed.body.message).toMatch(/no Content-Length/);
    expect(await uploadedKeys(carol)).toEqual([]);
    expect(await db.upload.count()).toBe(before);
  });

  it("refuses what is not audio (HTML, JSON, an image, an empty file, random bytes) with 415 and a clear message, storing nothing", async () => {
    const cases: [string, Buffer, RegExp][] = [
      ["page.mp3", Buffer.from("<!doctype html><html><body>Not audio</body></html>"), /a web page \(HTML\)/],
      ["data.mp3", Buffer.from('{"audio": false}'), /JSON text/],
      ["cover.mp3", COVER, /image\/jpeg/],
      ["empty.mp3", Buffer.alloc(0), /the file is empty/],
      ["noise.mp3", Buffer.alloc(10_000, 7), /no audio, video or image format known/],
    ];
    for (const [filename, bytes, reason] of cases) {
      const answer = await upload(carol, bytes, { filename });
      expect(answer.status, filename).toBe(415);
      expect(answer.body.message).toMatch(reason);
      expect(answer.body.message).toContain("Choose an audio file");
    }
    expect(await uploadedKeys(carol)).toEqual([]);
  });

  it("refuses a compressed body, a malformed Content-Length, and a missing or overlong filename", async () => {
    expect((await upload(carol, AUDIO, { headers: { "content-encoding": "gzip" } })).status).toBe(415);
    expect((await upload(carol, AUDIO, { filename: null })).body.message).toMatch(/no filename/);
    expect((await upload(carol, AUDIO, { filename: "" })).status).toBe(400);
    expect((await upload(carol, AUDIO, { filename: `${"a".repeat(300)}.mp3` })).body.message).toMatch(/longer than 255 characters/);
    // Nothing usable in the name: "audio", with the sniffed extension.
    const odd = await upload(carol, AUDIO, { filename: "\u0000../..\\☃.exe" });
    expect(odd.status).toBe(201);
    expect(odd.body.filename).toBe("audio.mp3");
    await db.upload.delete({ where: { id: odd.body.uploadId! } });
    expect(await uploadedKeys(carol)).toEqual([`uploads/${carol}/${odd.body.uploadId}/audio.mp3`]);
  });

  it("refuses a file over the storage quota's room, counting uploads not yet used, with the quota's message", async () => {
    await db.upload.deleteMany({ where: { userId: carol } });
    const keysBefore = await uploadedKeys(carol);
    await db.user.update({ where: { id: carol }, data: { storageQuotaBytes: BigInt(AUDIO.length + 1000) } });
    const first = await upload(carol, AUDIO);
    expect(first.status).toBe(201);
    const second = await upload(carol, AUDIO);
    expect(second.status).toBe(403);
    expect(second.body.error).toBe("QUOTA_EXCEEDED");
    expect(second.body.message).toMatch(/Your uploads not yet published count too/);
    expect(await uploadedKeys(carol)).toHaveLength(keysBefore.length + 1);
    await db.user.update({ where: { id: carol }, data: { storageQuotaBytes: null } });
  });

  it("counts uploads started at once against the quota together: those past the room are refused with the quota's message", async () => {
    const erin = (await db.user.create({ data: { auphonicUserId: "erin-id", username: "erin", storageQuotaBytes: BigInt(Math.floor(AUDIO.length * 2.5)) } })).id;
    const answers = await Promise.all(Array.from({ length: 5 }, () => upload(erin, AUDIO)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 403, 403, 403]);
    for (const refused of answers.filter((answer) => answer.status === 403)) {
      expect(refused.body.error).toBe("QUOTA_EXCEEDED");
      expect(refused.body.message).toMatch(/more than the .* left under your storage quota/);
    }
    expect(await uploadedKeys(erin)).toHaveLength(2);
    expect(await db.upload.count({ where: { userId: erin } })).toBe(2);
  });

  it("reserves an upload's declared size while it arrives: it counts in the room, cannot be used yet, and goes if it fails", async () => {
    const frank = (await db.user.create({ data: { auphonicUserId: "frank-id", username: "frank", storageQuotaBytes: BigInt(Math.floor(AUDIO.length * 1.5)) } })).id;
    const slow = startUpload(frank, AUDIO, 20_000);
    await eventually(async () => (await db.upload.count({ where: { userId: frank } })) > 0);
    const reserved = await db.upload.findFirstOrThrow({ where: { userId: frank } });
    expect(reserved).toMatchObject({ receivedAt: null, size: BigInt(AUDIO.length), usedAt: null });
    await expect(openUploadStream(frank, reserved.id)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not finished yet/) });
    // The room is reserved: another upload meanwhile does not fit.
    const meanwhile = await upload(frank, AUDIO);
    expect(meanwhile.body.error).toBe("QUOTA_EXCEEDED");
    // The browser goes away: the reservation and the partial file go with it, and the room is back.
    slow.outgoing.destroy();
    expect(await slow.answer).toBe("closed");
    await eventually(async () => (await db.upload.count({ where: { userId: frank } })) === 0);
    expect(await db.upload.count({ where: { userId: frank } })).toBe(0);
    expect(await uploadedKeys(frank)).toEqual([]);
    expect((await upload(frank, AUDIO)).status).toBe(201);
  });

  it("stores nothing when the browser cancels midway", async () => {
    const dave = (await db.user.create({ data: { auphonicUserId: "dave-id", username: "dave" } })).id;
    const cancelled = startUpload(dave, AUDIO, 50_000);
    setTimeout(() => cancelled.outgoing.destroy(), 200);
    expect(await cancelled.answer).toBe("closed");
    for (let waited = 0; waited < 50 && (await uploadedKeys(dave)).length > 0; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedKeys(`uploads/${dave}/`)).toEqual([]);
    expect(await db.upload.count({ where: { userId: dave } })).toBe(0);
  });

  it("limits uploads per creator and hour (refused ones count)", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt++) statuses.push((await upload(bob, Buffer.from("x"), { filename: null })).status);
    expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe("using an upload", () => {
  it("is refused to another user (not found), once used, and once expired; expired and used ones are removed by the hourly job", async () => {
    const answer = await upload(alice, AUDIO);
    const uploadId = answer.body.uploadId!;
    // Other test files share the S3 pass's bucket: only what this test adds counts.
    const keysBefore = await episodeKeysOfThisFile();
    await expect(openUploadStream(bob, uploadId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(publishUpload(bob, { showId, connectionId: connections.publish, uploadId, title: "Stolen", summary: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openUploadStream(alice, "no-such-upload")).rejects.toMatchObject({ code: "NOT_FOUND" });

    await db.upload.update({ where: { id: uploadId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(openUploadStream(alice, uploadId)).rejects.toMatchObject({ code: "GONE", message: expect.stringMatching(/expired/) });
    await expect(publishUpload(alice, { showId, connectionId: connections.publish, uploadId, title: "Late", summary: "" })).rejects.toMatchObject({ code: "GONE" });
    expect(await db.episode.count({ where: { title: "Late" } })).toBe(0);
    expect(await episodeKeysOfThisFile()).toEqual(keysBefore);

    await removeExpiredUploads();
    expect(await db.upload.findUnique({ where: { id: uploadId } })).toBeNull();
    expect(await uploadedKeys(alice)).not.toContain(expect.stringContaining(uploadId));
    expect((await uploadedKeys(alice)).some((key) => key.includes(uploadId))).toBe(false);
  });

  it("keeps an expired upload a hand-over to Auphonic is still sending, until that hand-over has ended", async () => {
    const uploadId = (await upload(alice, AUDIO)).body.uploadId!;
    await db.upload.update({ where: { id: uploadId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db.knownProduction.create({ data: { userId: alice, uuid: "handover-of-expired", uploadId, stage: "uploading" } });
    await removeExpiredUploads();
    expect(await db.upload.findUnique({ where: { id: uploadId } })).not.toBeNull();
    expect((await uploadedKeys(alice)).some((key) => key.includes(uploadId))).toBe(true);
    await db.knownProduction.update({ where: { userId_uuid: { userId: alice, uuid: "handover-of-expired" } }, data: { stage: "failed" } });
    await removeExpiredUploads();
    expect(await db.upload.findUnique({ where: { id: uploadId } })).toBeNull();
    expect((await uploadedKeys(alice)).some((key) => key.includes(uploadId))).toBe(false);
  });

  it("publishes as it is with a Publish Now connection: exactly the bytes, in the feed, charged, the upload used and removed", async () => {
    const answer = await upload(alice, AUDIO, { filename: "first.mp3" });
    const usageBefore = await getStorageUsage(alice);
    const { episodeId } = await publishUpload(alice, {
      showId,
      connectionId: connections.publish,
      uploadId: answer.body.uploadId!,
      title: "  First upload  ",
      summary: "Notes\r\nwith a line",
    });
    const episode = await db.episode.findUniqueOrThrow({ where: { id: episodeId }, include: { files: true } });
    expect(episode).toMatchObject({ source: "upload", productionUuid: null, connectionId: connections.publish, state: "published", importState: "ready", audioVersion: 1, title: "First upload", summary: "Notes\nwith a line" });
    expect(episode.publishedAt).not.toBeNull();
    expect(episode.durationSec).toBeGreaterThan(24);
    expect(episode.durationSec).toBeLessThan(27);
    expect(episode.files).toHaveLength(1);
    const [file] = episode.files;
    expect(file).toMatchObject({ kind: "audio", format: "mp3", isEnclosure: true, contentType: "audio/mpeg", filename: "first.mp3", bitrate: 64, size: BigInt(AUDIO.length) });
    expect(file!.key).toMatch(new RegExp(`^episodes/${episodeId}/v1-[0-9a-f]{8}/first\\.mp3$`));
    expect(await storedMd5(file!.key)).toBe(md5(AUDIO));
    expect((await getStorageUsage(alice)).usedBytes).toBe(usageBefore.usedBytes + AUDIO.length);
    const used = await db.upload.findUniqueOrThrow({ where: { id: answer.body.uploadId! } });
    expect(used.usedAt).not.toBeNull();
    expect(await isStored(used.key)).toBe(false);

    await settleChanges();
    const feed = await (await respondWithFeed(new Request(`${APP}/podcasts/uploads/feed.xml`), "uploads")).text();
    expect(feed).toContain("<title>First upload</title>");
    expect(feed).toContain(`<enclosure url="${APP}/media/${file!.key}" length="${AUDIO.length}" type="audio/mpeg"`);

    // Used once: a second submit of the same upload makes nothing.
    await expect(publishUpload(alice, { showId, connectionId: connections.publish, uploadId: answer.body.uploadId!, title: "Again", summary: "" })).rejects.toMatchObject({ code: "GONE" });
  });

  it("follows a Draft connection's policy and type, and a scheduling connection's delay", async () => {
    const draft = await publishUpload(alice, { showId, connectionId: connections.draft, uploadId: (await upload(alice, AUDIO)).body.uploadId!, title: "Draft", summary: "" });
    expect(await db.episode.findUniqueOrThrow({ where: { id: draft.episodeId } })).toMatchObject({ state: "draft", episodeType: "bonus", publishedAt: null, scheduledAt: null });
    const scheduled = await publishUpload(alice, { showId, connectionId: connections.schedule, uploadId: (await upload(alice, AUDIO)).body.uploadId!, title: "Later", summary: "" });
    const later = await db.episode.findUniqueOrThrow({ where: { id: scheduled.episodeId } });
    expect(later.state).toBe("draft");
    expect(Math.abs(later.scheduledAt!.getTime() - (Date.now() + 5 * 3600_000))).toBeLessThan(60_000);
  });

  it("makes one episode of an upload submitted twice at once, and only drafts in a moved-in show not yet verified", async () => {
    const uploadId = (await upload(alice, AUDIO)).body.uploadId!;
    const input = { showId, connectionId: connections.publish, uploadId, title: "Double submit", summary: "" };
    const results = await Promise.allSettled([publishUpload(alice, input), publishUpload(alice, input)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.episode.count({ where: { title: "Double submit" } })).toBe(1);
    const episode = await db.episode.findFirstOrThrow({ where: { title: "Double submit" }, include: { files: true } });
    // The losing attempt's copy is gone; only the episode's own file is under it.
    expect(await storedKeys(`episodes/${episode.id}/`)).toEqual([episode.files[0]!.key]);

    const unverified = (await saveShow(alice, null, showInput("uploads-unverified"), null, { isVerified: false })).id;
    const connectionId = (await db.connection.create({ data: { userId: alice, showId: unverified, displayName: "Unverified now", customData: '{"publishState":"publish"}', webhookSecret: "secret-unverified" } })).id;
    const { episodeId } = await publishUpload(alice, { showId: unverified, connectionId, uploadId: (await upload(alice, AUDIO)).body.uploadId!, title: "Not yet", summary: "" });
    expect(await db.episode.findUniqueOrThrow({ where: { id: episodeId } })).toMatchObject({ state: "draft", publishedAt: null });
  });

  it("refuses hostile form input: another show's or a deleted connection, an empty or overlong title, overlong notes", async () => {
    const uploadId = (await upload(alice, AUDIO)).body.uploadId!;
    const otherShow = (await saveShow(alice, null, showInput("uploads-other"), null)).id;
    const base = { showId, connectionId: connections.publish, uploadId, title: "T", summary: "" };
    await expect(publishUpload(alice, { ...base, showId: otherShow })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(publishUpload(alice, { ...base, connectionId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(publishUpload(alice, { ...base, title: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(publishUpload(alice, { ...base, title: "x".repeat(301) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(publishUpload(alice, { ...base, summary: "x".repeat(10_001) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(publishUpload(alice, { ...base, title: "Two\nlines" })).rejects.toMatchObject({ fieldErrors: { title: [expect.stringMatching(/single line/)] } });
    await expect(publishUpload(alice, { ...base, summary: "bell \u0007" })).rejects.toMatchObject({ fieldErrors: { summary: [expect.stringMatching(/control characters/)] } });
    await db.knownProduction.create({ data: { userId: alice, uuid: "production-of-it", uploadId, stage: "uploading" } });
    await expect(publishUpload(alice, base)).rejects.toMatchObject({ code: "GONE", message: expect.stringMatching(/produced with Auphonic/) });
    await db.knownProduction.update({ where: { userId_uuid: { userId: alice, uuid: "production-of-it" } }, data: { stage: "failed" } });
    const gone = await db.connection.create({ data: { userId: alice, showId, displayName: "Deleted", customData: "{}", webhookSecret: "secret-deleted", deletedAt: new Date() } });
    await expect(publishUpload(alice, { ...base, connectionId: gone.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Still usable after all those refusals.
    const { episodeId } = await publishUpload(alice, base);
    expect(await db.episode.findUniqueOrThrow({ where: { id: episodeId } })).toMatchObject({ title: "T", summary: null });
  });

  it("refuses an upload \u201cProduce with Auphonic\u201d has claimed, to publishing and replacing, a claim made during the copy too; a lapsed claim holds nothing", async () => {
    const { episodeId } = await publishUpload(alice, { showId, connectionId: connections.publish, uploadId: (await upload(alice, AUDIO)).body.uploadId!, title: "Claim target", summary: "" });
    const uploadId = (await upload(alice, AUDIO)).body.uploadId!;
    const input = { showId, connectionId: connections.publish, uploadId, title: "Claimed", summary: "" };
    const keysBefore = await episodeKeysOfThisFile();
    await db.upload.update({ where: { id: uploadId }, data: { claimedAt: new Date(Date.now() - UPLOAD_CLAIM_LIFETIME_MS + 10_000) } });
    await expect(publishUpload(alice, input)).rejects.toMatchObject({ code: "GONE", message: expect.stringMatching(/being sent to Auphonic/) });
    await expect(replaceEpisodeAudio(alice, episodeId, uploadId)).rejects.toMatchObject({ code: "GONE", message: expect.stringMatching(/being sent to Auphonic/) });
    expect(await db.episode.count({ where: { title: "Claimed" } })).toBe(0);
    expect((await db.episode.findUniqueOrThrow({ where: { id: episodeId } })).audioVersion).toBe(1);
    expect((await db.upload.findUniqueOrThrow({ where: { id: uploadId } })).usedAt).toBeNull();
    expect(await episodeKeysOfThisFile()).toEqual(keysBefore);
    // A claim older than its lifetime is a request's that died: the upload is free again.
    await db.upload.update({ where: { id: uploadId }, data: { claimedAt: new Date(Date.now() - UPLOAD_CLAIM_LIFETIME_MS - 1000) } });
    expect(await replaceEpisodeAudio(alice, episodeId, uploadId)).toEqual({ audioVersion: 2 });

    // The claim lands while the file is copied (the check before the copy saw none): a transaction holds it
    // uncommitted until publishing waits on the upload's row, then commits; the switching transaction must refuse.
    const racing = (await upload(alice, AUDIO)).body.uploadId!;
    const raceKeysBefore = await episodeKeysOfThisFile();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimed = false;
    const claiming = db.$transaction(
      async (tx) => {
        await tx.upload.update({ where: { id: racing }, data: { claimedAt: new Date() } });
        claimed = true;
        await held;
      },
      { timeout: 30_000 },
    );
    await eventually(async () => claimed);
    const publishing = publishUpload(alice, { ...input, uploadId: racing, title: "Raced" }).then(
      () => "published",
      (error: unknown) => error,
    );
    const waiting = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%UPDATE "public"."Upload"%'`)[0]!.n > 0;
    await eventually(waiting);
    expect(await waiting()).toBe(true);
    release();
    await claiming;
    expect(await publishing).toMatchObject({ code: "GONE", message: expect.stringMatching(/being sent to Auphonic/) });
    expect(await db.episode.count({ where: { title: "Raced" } })).toBe(0);
    expect((await db.upload.findUniqueOrThrow({ where: { id: racing } })).usedAt).toBeNull();
    expect(await episodeKeysOfThisFile()).toEqual(raceKeysBefore);
  });

  it("refuses publishing over the quota at the charge, leaving no episode and no copy", async () => {
    const uploadId = (await upload(alice, AUDIO)).body.uploadId!;
    const usage = await getStorageUsage(alice);
    await db.user.update({ where: { id: alice }, data: { storageQuotaBytes: BigInt(usage.usedBytes + 1000) } });
    const episodesBefore = await db.episode.count();
    const keysBefore = await episodeKeysOfThisFile();
    await expect(publishUpload(alice, { showId, connectionId: connections.publish, uploadId, title: "Too much", summary: "" })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(await db.episode.count()).toBe(episodesBefore);
    expect(await episodeKeysOfThisFile()).toEqual(keysBefore);
    await db.user.update({ where: { id: alice }, data: { storageQuotaBytes: null } });
    // The upload was not used: it can still be published once there is room.
    await publishUpload(alice, { showId, connectionId: connections.publish, uploadId, title: "Now it fits", summary: "" });
  });
});

describe("replacing an episode's audio", () => {
  it("makes a new version, keeps the old one served and counted for its grace period, then removes it", async () => {
    const { episodeId } = await publishUpload(alice, { showId, connectionId: connections.publish, uploadId: (await upload(alice, AUDIO)).body.uploadId!, title: "Replaced", summary: "" });
    const oldFile = await db.mediaFile.findFirstOrThrow({ where: { episodeId } });
    const usageBefore = await getStorageUsage(alice);
    const replacement = (await upload(alice, M4A, { filename: "better.m4a" })).body.uploadId!;
    expect(await replaceEpisodeAudio(alice, episodeId, replacement)).toEqual({ audioVersion: 2 });

    const episode = await db.episode.findUniqueOrThrow({ where: { id: episodeId }, include: { files: true } });
    expect(episode.audioVersion).toBe(2);
    expect(episode.durationSec).toBeNull(); // read from MP3 only
    expect(episode.files).toHaveLength(1);
    expect(episode.files[0]).toMatchObject({ filename: "better.m4a", contentType: "audio/mp4", isEnclosure: true, size: BigInt(M4A.length) });
    expect(episode.files[0]!.key).toMatch(new RegExp(`^episodes/${episodeId}/v2-[0-9a-f]{8}/better\\.m4a$`));
    expect(await storedMd5(episode.files[0]!.key)).toBe(md5(M4A));
    // The old version: retired, still stored, still counted.
    const retired = await db.retiredMedia.findFirstOrThrow({ where: { key: oldFile.key } });
    expect(retired).toMatchObject({ isServable: true, episodeId });
    expect(Math.abs(retired.deleteAfter.getTime() - (Date.now() + MEDIA_GRACE_DAYS * 86_400_000))).toBeLessThan(60_000);
    expect(await isStored(oldFile.key)).toBe(true);
    expect((await getStorageUsage(alice)).usedBytes).toBe(usageBefore.usedBytes + M4A.length);
    await removeDueMedia(new Date(Date.now() + (MEDIA_GRACE_DAYS - 1) * 86_400_000));
    expect(await isStored(oldFile.key)).toBe(true);
    await removeDueMedia(new Date(Date.now() + (MEDIA_GRACE_DAYS + 1) * 86_400_000));
    expect(await isStored(oldFile.key)).toBe(false);
    expect(await isStored(episode.files[0]!.key)).toBe(true);
  });

  it("refuses another user's episode, and an episode whose import is running", async () => {
    const { episodeId } = await publishUpload(alice, { showId, connectionId: connections.publish, uploadId: (await upload(alice, AUDIO)).body.uploadId!, title: "Mine", summary: "" });
    const bobsUpload = (await upload(bob, AUDIO)).body.uploadId;
    // bob is past his rate limit (the test above): his upload was refused, so he has none to use.
    expect(bobsUpload).toBeUndefined();
    await expect(replaceEpisodeAudio(bob, episodeId, "anything")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const uploadId = (await upload(alice, AUDIO)).body.uploadId!;
    await db.episode.update({ where: { id: episodeId }, data: { importState: "importing" } });
    await expect(replaceEpisodeAudio(alice, episodeId, uploadId)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await db.episode.update({ where: { id: episodeId }, data: { importState: "ready" } });
    expect(await replaceEpisodeAudio(alice, episodeId, uploadId)).toEqual({ audioVersion: 2 });
  });
});

describe("reading an MP3's timing", () => {
  it("reads duration and bitrate from the Info header, and gives nulls for what has no MPEG frames", () => {
    const id3 = AUDIO.toString("latin1", 0, 3) === "ID3" ? 10 + ((AUDIO[6]! << 21) | (AUDIO[7]! << 14) | (AUDIO[8]! << 7) | AUDIO[9]!) : 0;
    const timing = timingOfFrames(AUDIO.subarray(id3, id3 + 65_536), AUDIO.length - id3);
    expect(timing.bitrate).toBe(64);
    expect(timing.durationSec).toBeGreaterThan(24);
    expect(timingOfFrames(Buffer.alloc(5000, 0xff), 5000)).toEqual({ durationSec: null, bitrate: null });
    expect(timingOfFrames(Buffer.from([0xff, 0xfb]), 2)).toEqual({ durationSec: null, bitrate: null });
    expect(timingOfFrames(Buffer.alloc(0), 0)).toEqual({ durationSec: null, bitrate: null });
  });
});
