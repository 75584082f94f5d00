// Producing with Auphonic from Podhaven, end to end: a real Postgres, real storage, the sandbox over HTTP, and a
// webhook receiver that hands Auphonic's call to the app's handler as the route does. produceWithAuphonic + the
// hand-over job → the sandbox's production gets the uploaded bytes, is started, finishes, its webhook arrives and the
// import makes the episode with the production's metadata. Another creator's upload, show or connection is refused;
// Auphonic down is retried; presets gain (and lose) the connection, and a production made from one arrives.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { deleteImportJobs, runJobEngineMaintenance } from "@/lib/testing/import-jobs";
import { controlSandbox, drainImportQueue } from "@/lib/testing/import-harness";
import { showInput } from "@/lib/testing/show-input";
import { api, signIn, startTestSandbox, waitFor } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-produce-"));
const { sandbox, base } = await startTestSandbox({ processingMs: 300 });

// Auphonic's webhook reaches the app's handler through this server, at APP_URL.
const webhookCalls: string[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", async () => {
    try {
      const { receiveWebhook, webhookRequestOf } = await import("@/lib/webhooks/receive-webhook");
      const secret = (request.url ?? "").split("/").pop() ?? "";
      const headers = new Headers({ "Content-Type": String(request.headers["content-type"] ?? "") });
      const reply = await receiveWebhook(secret, webhookRequestOf(new Request(`http://localhost${request.url}`, { method: "POST", headers, body: Buffer.concat(chunks) })));
      // Counted once handled (its import queued): a test waiting for the call then drains a queue that holds it.
      webhookCalls.push(secret);
      response.writeHead(reply.status, { "Content-Type": "application/json" }).end(JSON.stringify(reply.body));
    } catch (error) {
      console.error(error);
      response.writeHead(500).end();
    }
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

Object.assign(process.env, { AUPHONIC_BASE_URL: base, APP_URL: appUrl, MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", IMPORT_RETRY_BASE_MS: "0", IMPORT_MAX_ATTEMPTS: "3" });

const AUDIO = readFileSync(path.resolve("sandbox/fixtures/episode.mp3"));
const COVER = readFileSync(path.resolve("sandbox/fixtures/cover.jpg"));
const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");

const { db } = await import("@/lib/db");
const { AppError } = await import("@/lib/errors");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { receiveUpload } = await import("@/lib/uploads/receive-upload");
const { getStorage } = await import("@/lib/storage/media-storage");
const { runNextHandover } = await import("@/lib/jobs/handover-queue");
const { produceWithAuphonic } = await import("./produce-with-auphonic");
const { handOverProduction } = await import("./hand-over-production");
const { getProductionProgress } = await import("./get-production-progress");
const { failStuckHandovers, scheduleStuckHandoverCheck } = await import("./fail-stuck-handovers");
const { runDueScheduledJobs } = await import("@/lib/jobs/scheduled-jobs");
const { setConnectionPresets } = await import("./set-connection-presets");
const { listConnectionPresets } = await import("./list-connection-presets");
const { uploadProductionInput } = await import("@/lib/auphonic/upload-production-input");

type SandboxProduction = {
  uuid: string;
  status: number;
  metadata: Record<string, string>;
  image: string | null;
  outgoing_services: { uuid: string }[];
  output_files: { format: string; checksum: string; download_url: string | null }[];
};

let alice: { id: string };
let bob: { id: string };
let aliceToken: string;
let show: { id: string };
let connection: { id: string; webhookSecret: string; auphonicServiceUuid: string | null };
let bobShow: { id: string };
let bobConnection: { id: string };

const control = <T = unknown>(pathname: string, body?: unknown) => controlSandbox<T>(base, pathname, body);
type LoggedRequest = { method: string; path: string };
const sandboxRequests = async (): Promise<LoggedRequest[]> => (await control<{ requests: LoggedRequest[] }>("/requests")).requests;
const clearSandboxRequests = () => fetch(new URL("/control/api/requests", base), { method: "DELETE" });
const runHandovers = async () => {
  let runs = 0;
  while (runs < 10 && (await runNextHandover((run) => handOverProduction(run)))) runs++;
  return runs;
};
async function sandboxProduction(uuid: string, token = aliceToken): Promise<SandboxProduction> {
  const response = await api(base, `/api/production/${uuid}.json`, token);
  return ((await response.json()) as { data: SandboxProduction }).data;
}
async function stage(userId: string, bytes: Buffer, filename = "episode.mp3") {
  const body = new Response(new Uint8Array(bytes)).body;
  const received = await receiveUpload(userId, { filename, headers: new Headers({ "content-length": String(bytes.length) }), body });
  return received.uploadId;
}
async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as InstanceType<typeof AppError>;
}

beforeEach(async () => {
  await control("/reset", {});
  await deleteImportJobs(db);
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'auphonic-handover'`);
  await db.knownProduction.deleteMany();
  await db.upload.deleteMany();
  await db.delivery.deleteMany();
  await db.mediaFile.deleteMany();
  await db.episode.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  webhookCalls.length = 0;
  aliceToken = await signIn(base, "alice");
  alice = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, aliceToken);
  bob = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"));
  // With a cover, as the show form stores it: the hand-over sends it as the production's image.
  const cover = new File([new Uint8Array(COVER)], "cover.jpg", { type: "image/jpeg" });
  show = await saveShow(alice.id, null, { ...showInput("family"), title: "Family Podcast", author: "Ann Author", ownerName: "Owen Owner", link: "https://family.example/" }, cover);
  connection = await createConnection(alice.id, show.id, { displayName: "Family - Publish Now", customData: '{"publishState":"publish"}' });
  bobShow = await saveShow(bob.id, null, showInput("bobs"), null);
  bobConnection = await createConnection(bob.id, bobShow.id, { displayName: "Bob - Publish", customData: '{"publishState":"publish"}' });
});

afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await db.$disconnect();
});

describe("produceWithAuphonic and the hand-over", () => {
  it("sends the upload to Auphonic, starts it, and the finished production becomes the episode with its metadata", async () => {
    expect(connection.auphonicServiceUuid).toMatch(/^[A-Za-z0-9]{22}$/);
    const uploadId = await stage(alice.id, AUDIO);
    const { productionUuid } = await produceWithAuphonic({
      userId: alice.id,
      showId: show.id,
      connectionId: connection.id,
      uploadId,
      presetUuid: null,
      title: "Episode One",
      summary: "What we talked about.",
    });
    const known = await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: alice.id, uuid: productionUuid } } });
    expect(known).toMatchObject({ showId: show.id, connectionId: connection.id, uploadId, stage: "uploading", title: "Episode One", serviceUuids: [connection.auphonicServiceUuid] });

    const created = await sandboxProduction(productionUuid);
    expect(created.metadata).toMatchObject({ title: "Episode One", summary: "What we talked about.", artist: "Ann Author", album: "Family Podcast", publisher: "Owen Owner", url: "https://family.example/" });
    expect(created.outgoing_services.map((service) => service.uuid)).toEqual([connection.auphonicServiceUuid]);

    expect(await runHandovers()).toBe(1);
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: alice.id, uuid: productionUuid } } })).toMatchObject({ stage: "started", stageError: null });
    expect((await db.upload.findUniqueOrThrow({ where: { id: uploadId } })).usedAt).toBeInstanceOf(Date);
    expect(created.image).toBeNull();
    // Auphonic's stored production: the show's metadata, and the show's cover as its image, byte for byte.
    const handedOver = await sandboxProduction(productionUuid);
    expect(handedOver.metadata).toMatchObject({ artist: "Ann Author", album: "Family Podcast", publisher: "Owen Owner", url: "https://family.example/" });
    expect(handedOver.image).toMatch(/^http/);
    // Auphonic's download answers a redirect to signed storage, which takes no token.
    const signed = await fetch(handedOver.image!, { headers: { Authorization: `Bearer ${aliceToken}` }, redirect: "manual" });
    expect(signed.status).toBe(302);
    const imageResponse = await fetch(new URL(signed.headers.get("location")!, handedOver.image!));
    expect(imageResponse.status).toBe(200);
    const { coverPath } = await db.show.findUniqueOrThrow({ where: { id: show.id } });
    const storedCover = await (await getStorage()).open(coverPath!);
    const chunks: Buffer[] = [];
    for await (const chunk of storedCover!) chunks.push(Buffer.from(chunk as Uint8Array));
    const coverBytes = Buffer.concat(chunks);
    expect(coverBytes.length).toBeGreaterThan(0);
    expect(md5(Buffer.from(await imageResponse.arrayBuffer()))).toBe(md5(coverBytes));

    const done = await waitFor(async () => {
      const production = await sandboxProduction(productionUuid);
      return production.status === 3 ? production : undefined;
    }, 15_000);
    // The sandbox's result MP3 is the uploaded file's bytes.
    expect(done.output_files.find((file) => file.format === "mp3")?.checksum).toBe(md5(AUDIO));
    await waitFor(() => (webhookCalls.includes(connection.webhookSecret) ? true : undefined), 10_000);
    expect(await drainImportQueue()).toBeGreaterThanOrEqual(1);

    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid }, include: { files: true } });
    expect(episode).toMatchObject({ userId: alice.id, showId: show.id, connectionId: connection.id, title: "Episode One", summary: "What we talked about.", state: "published", importState: "ready" });
    const enclosure = episode.files.find((file) => file.isEnclosure)!;
    expect(Number(enclosure.size)).toBe(AUDIO.length);

    const progress = await getProductionProgress(alice.id, productionUuid);
    expect(progress).toMatchObject({ stage: "started", status: 3, episode: { id: episode.id, showId: show.id }, isSettled: true, show: { id: show.id }, connection: { id: connection.id } });
  });

  it("refuses another creator's upload, show or connection, and sends nothing to Auphonic", async () => {
    const aliceUpload = await stage(alice.id, AUDIO);
    const bobUpload = await stage(bob.id, AUDIO);
    await clearSandboxRequests();
    const input = { userId: alice.id, showId: show.id, connectionId: connection.id, uploadId: aliceUpload, presetUuid: null, title: "T", summary: "" };
    expect((await errorOf(produceWithAuphonic({ ...input, uploadId: bobUpload }))).code).toBe("NOT_FOUND");
    expect((await errorOf(produceWithAuphonic({ ...input, showId: bobShow.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(produceWithAuphonic({ ...input, connectionId: bobConnection.id }))).code).toBe("NOT_FOUND");
    // Bob producing with Alice's show and connection, or her upload.
    const asBob = { ...input, userId: bob.id, showId: bobShow.id, connectionId: bobConnection.id };
    expect((await errorOf(produceWithAuphonic({ ...asBob, uploadId: aliceUpload }))).code).toBe("NOT_FOUND");
    expect((await errorOf(produceWithAuphonic({ ...asBob, uploadId: bobUpload, connectionId: connection.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(produceWithAuphonic({ ...asBob, uploadId: bobUpload, showId: show.id }))).code).toBe("NOT_FOUND");
    expect((await sandboxRequests()).filter((request) => request.path.startsWith("/api/production"))).toEqual([]);
    expect(await db.knownProduction.count()).toBe(0);
  });

  it("refuses bad fields, a deleted or unregistered connection, and an upload already being produced", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    const input = { userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "T", summary: "" };
    expect((await errorOf(produceWithAuphonic({ ...input, title: "  " }))).fieldErrors.title).toBeDefined();
    expect((await errorOf(produceWithAuphonic({ ...input, title: "a\u0000b" }))).fieldErrors.title).toBeDefined();
    expect((await errorOf(produceWithAuphonic({ ...input, title: "x".repeat(100_000) }))).fieldErrors.title).toBeDefined();
    expect((await errorOf(produceWithAuphonic({ ...input, summary: "y".repeat(1_000_000) }))).fieldErrors.summary).toBeDefined();
    expect((await errorOf(produceWithAuphonic({ ...input, presetUuid: "../../api/user" }))).fieldErrors.presetUuid).toBeDefined();
    const unknownPreset = await errorOf(produceWithAuphonic({ ...input, presetUuid: "Z".repeat(22) }));
    expect(unknownPreset.code).toBe("BAD_REQUEST");
    expect(unknownPreset.fieldErrors.presetUuid).toBeDefined();
    expect(unknownPreset.message).toMatch(/preset/);

    await db.connection.update({ where: { id: connection.id }, data: { auphonicServiceUuid: null } });
    expect((await errorOf(produceWithAuphonic(input))).message).toMatch(/service id/);
    await db.connection.update({ where: { id: connection.id }, data: { auphonicServiceUuid: connection.auphonicServiceUuid, deletedAt: new Date() } });
    expect((await errorOf(produceWithAuphonic(input))).code).toBe("NOT_FOUND");
    await db.connection.update({ where: { id: connection.id }, data: { deletedAt: null } });

    await produceWithAuphonic(input);
    expect((await errorOf(produceWithAuphonic(input))).message).toMatch(/already being produced/);
    expect(await db.knownProduction.count()).toBe(1);
  });

  it("makes one production of a double submit: the upload is claimed before Auphonic is asked, the other submit is refused", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    await clearSandboxRequests();
    const input = { userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "Twice", summary: "" };
    const outcomes = await Promise.allSettled([produceWithAuphonic(input), produceWithAuphonic(input)]);
    const produced = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as InstanceType<typeof AppError>] : []));
    expect(produced).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(AppError);
    expect(refused[0]!.message).toMatch(/already being produced/);
    expect(refused[0]!.fieldErrors.uploadId).toBeDefined();
    const creates = (await sandboxRequests()).filter((request) => request.method === "POST" && request.path === "/api/productions.json");
    expect(creates).toHaveLength(1);
    expect(await db.knownProduction.count({ where: { uploadId } })).toBe(1);
    // The claim is over once the production is recorded: the record itself refuses a third submit.
    expect((await errorOf(produceWithAuphonic(input))).message).toMatch(/already being produced/);
  });

  it("gives the upload a full day again when its hand-over starts, so the removal of expired uploads cannot take it mid-way", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    // Produced a minute before it would expire.
    await db.upload.update({ where: { id: uploadId }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    const before = Date.now();
    await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "Late", summary: "" });
    const { expiresAt } = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 24 * 3600_000);
  });

  it("releases the claim when Auphonic refuses to create the production, so the file can be produced again", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    const input = { userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "Again", summary: "" };
    await control("/users/alice/revoke", {});
    expect((await errorOf(produceWithAuphonic(input))).code).toBe("AUPHONIC_UNAUTHORIZED");
    expect(await db.knownProduction.count()).toBe(0);
    aliceToken = await signIn(base, "alice");
    await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, aliceToken);
    const { productionUuid } = await produceWithAuphonic(input);
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: alice.id, uuid: productionUuid } } })).toMatchObject({ uploadId, stage: "uploading" });
  });

  it("retries while Auphonic is down, and ends failed with the reason when the upload is gone", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    const { productionUuid } = await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "Down", summary: "" });
    await control("/faults", { api500: 1 });
    // The first attempt meets a 500: still uploading, with the reason, and queued again (IMPORT_RETRY_BASE_MS=0).
    expect(await runNextHandover((run) => handOverProduction(run))).toBe(true);
    const retrying = await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: alice.id, uuid: productionUuid } } });
    expect(retrying.stage).toBe("uploading");
    expect(retrying.stageError).toMatch(/Trying again/);
    await waitFor(async () => ((await runNextHandover((run) => handOverProduction(run))) ? true : undefined), 10_000);
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: alice.id, uuid: productionUuid } } })).toMatchObject({ stage: "started", stageError: null });

    // An upload whose file disappeared: no retry helps, the reason is shown.
    const second = await stage(alice.id, AUDIO);
    const { productionUuid: other } = await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId: second, presetUuid: null, title: "Gone", summary: "" });
    const upload = await db.upload.findUniqueOrThrow({ where: { id: second } });
    await (await getStorage()).delete(upload.key);
    expect(await runHandovers()).toBe(1);
    const failed = await getProductionProgress(alice.id, other);
    expect(failed).toMatchObject({ stage: "failed", isSettled: true });
    expect(failed.stageError).toMatch(/no longer stored|Upload the file again/);
  });

  it("ends failed, saying so, a hand-over whose worker died on its last attempt (the engine failed the job, no handler ran)", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    const { productionUuid } = await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "Orphan", summary: "" });
    // Queued (or retrying): still uploading, nothing invented.
    expect(await getProductionProgress(alice.id, productionUuid)).toMatchObject({ stage: "uploading", stageError: null, isSettled: false });
    // A worker took the last attempt an hour ago and died; the engine's maintenance expires it for good.
    await db.$executeRaw`UPDATE pgboss.job SET state = 'active', started_on = now() - interval '1 hour', expire_in = interval '1 second', retry_count = retry_limit
      WHERE name = 'auphonic-handover' AND singleton_key = ${productionUuid}`;
    await runJobEngineMaintenance();
    const [job] = await db.$queryRaw<{ state: string }[]>`SELECT state::text AS state FROM pgboss.job WHERE name = 'auphonic-handover' AND singleton_key = ${productionUuid}`;
    expect(job?.state).toBe("failed");
    expect((await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: alice.id, uuid: productionUuid } } })).stage).toBe("uploading");

    const progress = await getProductionProgress(alice.id, productionUuid);
    expect(progress).toMatchObject({ stage: "failed", isSettled: true });
    expect(progress.stageError).toMatch(/hand-over to Auphonic stopped.*Upload the file again/);
  });

  it("ends failed every 15 minutes in the housekeeping, unopened, a hand-over whose job ended without an outcome; a live one is left", async () => {
    const orphanUpload = await stage(alice.id, AUDIO);
    const { productionUuid: orphan } = await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId: orphanUpload, presetUuid: null, title: "Nobody looks", summary: "" });
    const liveUpload = await stage(alice.id, AUDIO);
    const { productionUuid: live } = await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId: liveUpload, presetUuid: null, title: "Still queued", summary: "" });
    const bobsUpload = await stage(bob.id, AUDIO);
    const { productionUuid: bobsOrphan } = await produceWithAuphonic({ userId: bob.id, showId: bobShow.id, connectionId: bobConnection.id, uploadId: bobsUpload, presetUuid: null, title: "Bob's", summary: "" });
    // Two workers died on their last attempts; the engine failed those jobs, no handler recorded anything.
    await db.$executeRaw`UPDATE pgboss.job SET state = 'failed', completed_on = now() WHERE name = 'auphonic-handover' AND singleton_key IN (${orphan}, ${bobsOrphan})`;
    const stageOf = async (userId: string, uuid: string) => db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId, uuid } } });

    // The workers keep the check scheduled; its run is due (scheduled from 15 minutes ago) and schedules the next.
    await scheduleStuckHandoverCheck(new Date(Date.now() - 15 * 60_000 - 1000));
    expect(await runDueScheduledJobs({ queue: "housekeeping" })).toBeGreaterThanOrEqual(1);
    for (const [userId, uuid] of [[alice.id, orphan], [bob.id, bobsOrphan]] as const) {
      const failed = await stageOf(userId, uuid);
      expect(failed.stage).toBe("failed");
      // The status page's own words, from the one function both use.
      expect(failed.stageError).toMatch(/hand-over to Auphonic stopped.*Upload the file again/);
    }
    expect(await stageOf(alice.id, live)).toMatchObject({ stage: "uploading", stageError: null });
    const [next] = await db.$queryRaw<{ at: Date }[]>`SELECT start_after AS at FROM pgboss.job WHERE singleton_key = 'fail-stuck-handovers:every-15-minutes' AND state = 'created'`;
    expect(Math.abs(next!.at.getTime() - (Date.now() + 15 * 60_000))).toBeLessThan(60_000);
    // Nothing more to do: a second pass fails nothing, and the live hand-over still runs to its end.
    expect(await failStuckHandovers()).toBe(0);
    expect(await runHandovers()).toBe(1);
    expect((await stageOf(alice.id, live)).stage).toBe("started");
  });

  it("ends failed, asking to reconnect, when Auphonic refuses the token (no retry)", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    const { productionUuid } = await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "Revoked", summary: "" });
    await control("/users/alice/revoke", {});
    expect(await runHandovers()).toBe(1);
    const failed = await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: alice.id, uuid: productionUuid } } });
    expect(failed.stage).toBe("failed");
    expect(failed.stageError).toMatch(/Reconnect your Auphonic account/);
    expect((await db.user.findUniqueOrThrow({ where: { id: alice.id } })).auphonicTokenInvalid).toBe(true);
    expect((await db.upload.findUniqueOrThrow({ where: { id: uploadId } })).usedAt).toBeNull();
  });

  it("asks Auphonic for the status at most once per few seconds however many viewers poll", async () => {
    const uploadId = await stage(alice.id, AUDIO);
    const { productionUuid } = await produceWithAuphonic({ userId: alice.id, showId: show.id, connectionId: connection.id, uploadId, presetUuid: null, title: "Polled", summary: "" });
    await runHandovers();
    await clearSandboxRequests();
    const views = await Promise.all(Array.from({ length: 20 }, () => getProductionProgress(alice.id, productionUuid)));
    expect(views.every((view) => view.uuid === productionUuid)).toBe(true);
    const statusCalls = (await sandboxRequests()).filter((request) => request.path.endsWith("/status.json"));
    expect(statusCalls.length).toBe(1);
    expect((await errorOf(getProductionProgress(bob.id, productionUuid))).code).toBe("NOT_FOUND");
    for (const hostile of ["\u0000", "x".repeat(100_000), "../api/user", `${productionUuid}\n`]) {
      expect((await errorOf(getProductionProgress(alice.id, hostile))).code).toBe("NOT_FOUND");
    }
  });
});

describe("Add to my Auphonic presets", () => {
  it("makes the chosen presets list the connection (their other targets kept), removes it when unchecked, and a production from the preset arrives", async () => {
    const listed = await listConnectionPresets(alice.id, connection.id);
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.presets.map((preset) => preset.name)).toEqual(expect.arrayContaining(["Podcast Standard", "Interview Two Voices"]));
    expect(listed.presets.every((preset) => !preset.isTarget)).toBe(true);
    const standard = listed.presets.find((preset) => preset.name === "Podcast Standard")!;
    const interview = listed.presets.find((preset) => preset.name === "Interview Two Voices")!;

    // Another target already on the preset stays there.
    const other = await createConnection(alice.id, show.id, { displayName: "Family - Draft", customData: '{"publishState":"draft"}' });
    await setConnectionPresets(alice.id, other.id, [standard.uuid]);
    // A tampered form naming Bob's preset changes nothing of Bob's.
    const bobsPresets = await listConnectionPresets(bob.id, bobConnection.id);
    if (!bobsPresets.ok) throw new Error(bobsPresets.message);
    expect(await setConnectionPresets(alice.id, connection.id, [standard.uuid, bobsPresets.presets[0]!.uuid, "junk"])).toEqual({ added: 1, removed: 0 });

    const preset = async (uuid: string) => ((await (await api(base, `/api/preset/${uuid}.json`, aliceToken)).json()) as { data: { outgoing_services: { uuid: string }[] } }).data;
    expect((await preset(standard.uuid)).outgoing_services.map((service) => service.uuid).sort()).toEqual([connection.auphonicServiceUuid, other.auphonicServiceUuid].sort());
    const bobsPreset = ((await (await api(base, `/api/preset/${bobsPresets.presets[0]!.uuid}.json`, await signIn(base, "bob"))).json()) as { data: { outgoing_services: { uuid: string }[] } }).data;
    expect(bobsPreset.outgoing_services.map((service) => service.uuid)).not.toContain(connection.auphonicServiceUuid);
    const after = await listConnectionPresets(alice.id, connection.id);
    expect(after.ok && after.presets.find((entry) => entry.uuid === standard.uuid)?.isTarget).toBe(true);

    // A production made in "Auphonic" with that preset (the user's own call) lists the connection and arrives.
    const response = await api(base, "/api/productions.json", aliceToken, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ preset: standard.uuid, metadata: { title: "From the preset" } }),
    });
    const created = ((await response.json()) as { data: SandboxProduction }).data;
    expect(created.outgoing_services.map((service) => service.uuid)).toContain(connection.auphonicServiceUuid);
    await uploadProductionInput(aliceToken, created.uuid, { inputFile: { stream: (async function* () { yield new Uint8Array(AUDIO); })(), size: AUDIO.length, filename: "x.mp3", contentType: "audio/mpeg" } }, { deadlineMs: 10_000 });
    expect((await api(base, `/api/production/${created.uuid}/start.json`, aliceToken, { method: "POST" })).status).toBe(200);
    await waitFor(() => (webhookCalls.includes(connection.webhookSecret) ? true : undefined), 15_000);
    await drainImportQueue();
    expect(await db.episode.findFirstOrThrow({ where: { productionUuid: created.uuid, connectionId: connection.id } })).toMatchObject({ title: "From the preset", importState: "ready" });

    // Unchecked: removed from that preset, the other target kept, the other preset untouched.
    expect(await setConnectionPresets(alice.id, connection.id, [])).toEqual({ added: 0, removed: 1 });
    expect((await preset(standard.uuid)).outgoing_services.map((service) => service.uuid)).toEqual([other.auphonicServiceUuid]);
    expect((await preset(interview.uuid)).outgoing_services.map((service) => service.uuid)).not.toContain(connection.auphonicServiceUuid);
  });
});
