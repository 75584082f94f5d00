// "Import into…" on /auphonic: a real database, a real sandbox over HTTP, and the import job run as a worker would.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox, deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { deleteImportJobs, listImportJobs } from "@/lib/testing/import-jobs";
import { showInput } from "@/lib/testing/show-input";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, {
  AUPHONIC_BASE_URL: base,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mkdtempSync(path.join(tmpdir(), "podhaven-media-")),
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  IMPORT_MAX_ATTEMPTS: "3",
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { deleteConnection } = await import("@/lib/connections/delete-connection");
const { importProductionIntoShow } = await import("@/lib/productions/import-production-into-show");
const { isAppError } = await import("@/lib/errors");

const REASON = "Imported on purpose from the Auphonic page; import queued.";
type Connection = { id: string; webhookSecret: string; displayName: string };
let aliceId: string;
let bobId: string;
let publish: Connection;
let draft: Connection;
let bobConnection: Connection;

/** A production as reconciliation records it (KnownProduction), from the sandbox's answer. */
async function knowProduction(userId: string, uuid: string, fields: { status?: number; inReview?: boolean; serviceUuids?: string[] } = {}) {
  await db.knownProduction.create({
    data: { userId, uuid, title: `Production ${uuid}`, status: fields.status ?? 3, statusString: "Done", inReview: fields.inReview ?? false, serviceUuids: fields.serviceUuids ?? [], createdAt: new Date() },
  });
}

async function expectAppError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(isAppError(error), `expected an AppError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(message);
}

async function expectNothingCreated() {
  expect(await db.episode.count()).toBe(0);
  expect(await db.delivery.count()).toBe(0);
  expect(await listImportJobs(db)).toEqual([]);
}

// Alice's production made before she had any connection in Podhaven: it lists no publishing target of hers.
let pastProductionUuid: string;

beforeEach(async () => {
  await controlSandbox(base, "/reset", {});
  await deleteImportJobs(db);
  await db.mediaFile.deleteMany();
  await db.delivery.deleteMany();
  await db.episode.deleteMany();
  await db.deletedProduction.deleteMany();
  await db.knownProduction.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  const alice = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"));
  const bob = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"));
  aliceId = alice.id;
  bobId = bob.id;
  pastProductionUuid = (await finishProduction(base, "alice", "")).uuid;
  const show = await saveShow(aliceId, null, showInput("family"), null);
  publish = await createConnection(aliceId, show.id, { displayName: "Family - Publish Now", customData: '{"publishState":"publish"}' });
  draft = await createConnection(aliceId, show.id, { displayName: "Family - Draft", customData: '{"publishState":"draft"}' });
  const bobShow = await saveShow(bobId, null, showInput("bobs"), null);
  bobConnection = await createConnection(bobId, bobShow.id, { displayName: "Bobs - Draft", customData: '{"publishState":"draft"}' });
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("importProductionIntoShow", () => {
  it("imports a past production that lists no connection of the creator's, once; a second attempt says it is already there", async () => {
    const sent = await (await import("@/sandbox/test/helpers")).control<{ outgoing_services: unknown[] }>(base, `/productions/${pastProductionUuid}`);
    expect(sent.body.outgoing_services).toEqual([]);
    await knowProduction(aliceId, pastProductionUuid);

    const first = await importProductionIntoShow(aliceId, pastProductionUuid, publish.id);
    expect(first.alreadyThere).toBe(false);
    const episode = await db.episode.findUniqueOrThrow({ where: { id: first.episodeId } });
    expect(episode).toMatchObject({ userId: aliceId, connectionId: publish.id, productionUuid: pastProductionUuid, productionChosenByCreator: true, importState: "queued" });
    expect(await db.delivery.findMany({ select: { connectionId: true, accepted: true, httpStatus: true, reason: true, productionUuid: true, episodeId: true } })).toEqual([
      { connectionId: publish.id, accepted: true, httpStatus: 200, reason: REASON, productionUuid: pastProductionUuid, episodeId: first.episodeId },
    ]);
    expect((await listImportJobs(db, { live: true })).map((job) => job.data)).toEqual([
      { connectionId: publish.id, productionUuid: pastProductionUuid, episodeId: first.episodeId },
    ]);

    // The import runs although the production does not list the connection: the creator chose it.
    expect(await drainImportQueue()).toBe(1);
    const imported = await db.episode.findUniqueOrThrow({ where: { id: first.episodeId }, include: { files: true } });
    expect(imported).toMatchObject({ importState: "ready", importError: null, audioVersion: 1, state: "published" });
    expect(imported.files.some((file) => file.isEnclosure)).toBe(true);

    // Into the same connection or another one: already there, nothing new.
    for (const connection of [publish, draft]) {
      expect(await importProductionIntoShow(aliceId, pastProductionUuid, connection.id)).toEqual({ episodeId: first.episodeId, alreadyThere: true });
    }
    expect(await db.episode.count()).toBe(1);
    expect(await db.delivery.count()).toBe(1);
    expect(await listImportJobs(db, { live: true })).toEqual([]);
  });

  it("without the creator's choice, the same production delivered to a connection it does not list is still refused as foreign", async () => {
    const reply = await deliverWebhook(publish.webhookSecret, pastProductionUuid);
    expect(reply.status).toBe(200);
    await drainImportQueue();
    expect(await db.episode.count()).toBe(0);
    expect((await db.delivery.findMany({ where: { accepted: false } })).map((delivery) => delivery.reason)).toEqual([
      expect.stringMatching(/not published to this connection/),
    ]);
  });

  it("says already there when a webhook already made the production an episode in another connection", async () => {
    const production = await finishProduction(base, "alice", publish.displayName);
    await deliverWebhook(publish.webhookSecret, production.uuid);
    const delivered = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } });
    await knowProduction(aliceId, production.uuid);

    expect(await importProductionIntoShow(aliceId, production.uuid, draft.id)).toEqual({ episodeId: delivered.id, alreadyThere: true });
    expect(await db.episode.count()).toBe(1);
  });

  it("two clicks at once make one episode", async () => {
    await knowProduction(aliceId, pastProductionUuid);
    const results = await Promise.all([
      importProductionIntoShow(aliceId, pastProductionUuid, publish.id),
      importProductionIntoShow(aliceId, pastProductionUuid, draft.id),
      importProductionIntoShow(aliceId, pastProductionUuid, publish.id),
    ]);
    expect(results.filter((result) => !result.alreadyThere)).toHaveLength(1);
    expect(new Set(results.map((result) => result.episodeId)).size).toBe(1);
    expect(await db.episode.count()).toBe(1);
    expect(await db.delivery.count()).toBe(1);
    expect(await listImportJobs(db, { live: true })).toHaveLength(1);
  });

  it("brings back a production whose episode was deleted from the chosen connection (the tombstone goes)", async () => {
    await knowProduction(aliceId, pastProductionUuid);
    await db.deletedProduction.create({ data: { connectionId: draft.id, productionUuid: pastProductionUuid, title: "Old" } });
    const { alreadyThere } = await importProductionIntoShow(aliceId, pastProductionUuid, draft.id);
    expect(alreadyThere).toBe(false);
    expect(await db.deletedProduction.count()).toBe(0);
  });

  it("refuses a production Podhaven does not know among the creator's (unknown, or another creator's)", async () => {
    await expectAppError(importProductionIntoShow(aliceId, "AbCdEfGhIjKlMnOpQrStUv", publish.id), "NOT_FOUND", /does not know this production/);
    const bobsProduction = (await finishProduction(base, "bob", bobConnection.displayName)).uuid;
    await knowProduction(bobId, bobsProduction);
    await expectAppError(importProductionIntoShow(aliceId, bobsProduction, publish.id), "NOT_FOUND", /does not know this production/);
    await expectNothingCreated();
  });

  it("refuses another creator's connection and a deleted connection", async () => {
    await knowProduction(aliceId, pastProductionUuid);
    await expectAppError(importProductionIntoShow(aliceId, pastProductionUuid, bobConnection.id), "NOT_FOUND", /connection does not exist or was deleted/);
    await deleteConnection(aliceId, draft.id);
    await expectAppError(importProductionIntoShow(aliceId, pastProductionUuid, draft.id), "NOT_FOUND", /connection does not exist or was deleted/);
    await expectAppError(importProductionIntoShow(aliceId, pastProductionUuid, "cnotaconnection0000000000"), "NOT_FOUND", /connection does not exist/);
    await expectNothingCreated();
  });

  it("refuses malformed ids before any query", async () => {
    await knowProduction(aliceId, pastProductionUuid);
    const bad = ["", " ", "../../etc/passwd", "a b", "x".repeat(10_000), "ünïcödé", "1; DROP TABLE \"Episode\"", "abc\u0000def", `${pastProductionUuid}\n`];
    for (const value of bad) {
      await expectAppError(importProductionIntoShow(aliceId, value, publish.id), "BAD_REQUEST", /not an Auphonic production id/);
      await expectAppError(importProductionIntoShow(aliceId, pastProductionUuid, value), "BAD_REQUEST", /Choose one of your connections/);
    }
    // Not Auphonic's shape (22 letters and digits), though short and without spaces.
    for (const value of [pastProductionUuid.slice(1), `${pastProductionUuid}A`, `${pastProductionUuid.slice(1)}_`, `${pastProductionUuid.slice(1)}-`, "abc"]) {
      await expectAppError(importProductionIntoShow(aliceId, value, publish.id), "BAD_REQUEST", /not an Auphonic production id/);
    }
    await expectNothingCreated();
  });

  it("refuses a production that is not finished, failed, or waits for review in Auphonic", async () => {
    const cases = [
      { uuid: "Processing000000000001", status: 4 },
      { uuid: "Failed0000000000000001", status: 2 },
      { uuid: "NotYetKnown00000000001", status: undefined as number | undefined, nullStatus: true },
      { uuid: "InReview00000000000001", status: 3, inReview: true },
    ];
    for (const item of cases) {
      await knowProduction(aliceId, item.uuid, { status: item.status, inReview: item.inReview });
      if (item.nullStatus) await db.knownProduction.update({ where: { userId_uuid: { userId: aliceId, uuid: item.uuid } }, data: { status: null } });
      await expectAppError(importProductionIntoShow(aliceId, item.uuid, publish.id), "BAD_REQUEST", /Only a finished production can be imported/);
    }
    await expectNothingCreated();
  });

  it("a production recorded for the creator that Auphonic says is not theirs creates nothing (the import's fetch proves ownership)", async () => {
    const bobsProduction = (await finishProduction(base, "bob", bobConnection.displayName)).uuid;
    await knowProduction(aliceId, bobsProduction);
    const { episodeId } = await importProductionIntoShow(aliceId, bobsProduction, publish.id);
    await drainImportQueue();
    expect(await db.episode.findUnique({ where: { id: episodeId } })).toBeNull();
    expect((await db.delivery.findMany({ where: { accepted: false } })).map((delivery) => delivery.reason)).toEqual([expect.stringMatching(/does not belong/)]);
  });
});
