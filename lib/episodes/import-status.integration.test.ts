// Import status where creators look: the dashboard's imports in progress and recent failures, productions named by
// their title, and failures inside Auphonic that no retry can fix. A real sandbox and a real database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox, deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { deleteImportJobs, listImportJobs } from "@/lib/testing/import-jobs";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-import-status-"));
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, {
  AUPHONIC_BASE_URL: base,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mediaDir,
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  IMPORT_MAX_ATTEMPTS: "2",
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { listImportStatusForUser, RECENT_IMPORT_FAILURE_DAYS } = await import("@/lib/episodes/list-import-status-for-user");
const { retryImport } = await import("@/lib/episodes/retry-import");
const { deleteEpisode } = await import("@/lib/episodes/delete-episode");
const { describeProduction } = await import("@/lib/episodes/describe-production");
const { findImportRetryRefusal } = await import("@/lib/episodes/find-import-retry-refusal");
const { listDeliveriesForConnection } = await import("@/lib/connections/list-deliveries-for-connection");
const { listEpisodeDeliveries } = await import("@/lib/episodes/list-episode-deliveries");
const { AppError } = await import("@/lib/errors");

const showFields = { description: "d", author: "a", ownerName: "o", ownerEmail: "o@example.com", language: "en", category: "History", explicit: false, type: "episodic" as const };
const DAY = 24 * 60 * 60 * 1000;

let aliceId: string;
let bobId: string;
let showId: string;
let otherShowId: string;
let bobShowId: string;
let connection: { id: string; webhookSecret: string; displayName: string };

beforeEach(async () => {
  await controlSandbox(base, "/reset", {});
  await deleteImportJobs(db);
  await db.delivery.deleteMany();
  await db.deletedProduction.deleteMany();
  await db.episode.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  await db.showSlug.deleteMany();
  aliceId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"))).id;
  bobId = (await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"))).id;
  showId = (await saveShow(aliceId, null, { title: "Status", slug: "status", ...showFields }, null)).id;
  otherShowId = (await saveShow(aliceId, null, { title: "Other", slug: "other", ...showFields }, null)).id;
  bobShowId = (await saveShow(bobId, null, { title: "Bob's", slug: "bobs", ...showFields }, null)).id;
  connection = await createConnection(aliceId, showId, { displayName: "Status - Publish Now", customData: '{"publishState":"publish"}' });
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

let seeded = 0;
/** An episode row in a given import state, `ageMs` old (created and last changed then). */
async function seedEpisode(userId: string, show: string, importState: string, ageMs: number, extra: { title?: string; importErrorKind?: string } = {}) {
  seeded++;
  const at = new Date(Date.now() - ageMs);
  const episode = await db.episode.create({
    data: {
      userId,
      showId: show,
      productionUuid: `seeded${String(seeded).padStart(16, "0")}`,
      guid: `seeded-${seeded}`,
      importState,
      importError: importState === "failed" ? `failure ${seeded}` : null,
      importErrorKind: importState === "failed" ? (extra.importErrorKind ?? "podhaven") : null,
      title: extra.title ?? `Episode ${seeded}`,
      createdAt: at,
    },
  });
  // Prisma sets updatedAt itself on every write: the age is put in place underneath it.
  await db.$executeRaw`UPDATE "Episode" SET "updatedAt" = ${at} WHERE id = ${episode.id}`;
  return episode;
}

describe("the dashboard's import status", () => {
  it("lists only the user's own imports in progress (oldest first) and recent failures (newest first), of all shows or one", async () => {
    const queued = await seedEpisode(aliceId, showId, "queued", 5 * 60_000);
    const importing = await seedEpisode(aliceId, otherShowId, "importing", 10 * 60_000);
    const failedRecently = await seedEpisode(aliceId, showId, "failed", 60_000);
    const failedEarlier = await seedEpisode(aliceId, otherShowId, "failed", 3 * DAY);
    await seedEpisode(aliceId, showId, "failed", (RECENT_IMPORT_FAILURE_DAYS + 1) * DAY); // too old to be "recent"
    await seedEpisode(aliceId, showId, "ready", 0);
    await seedEpisode(bobId, bobShowId, "queued", 0);
    await seedEpisode(bobId, bobShowId, "failed", 0);

    const status = await listImportStatusForUser(aliceId);
    expect(status.inProgress.map((episode) => episode.id)).toEqual([importing.id, queued.id]);
    expect(status.inProgressCount).toBe(2);
    expect(status.failed.map((episode) => episode.id)).toEqual([failedRecently.id, failedEarlier.id]);
    expect(status.failedCount).toBe(2);
    expect(status.failed[0]).toMatchObject({ importError: failedRecently.importError, importErrorKind: "podhaven", show: { id: showId, title: "Status" } });

    const ofShow = await listImportStatusForUser(aliceId, { showId });
    expect(ofShow.inProgress.map((episode) => episode.id)).toEqual([queued.id]);
    expect(ofShow.failed.map((episode) => episode.id)).toEqual([failedRecently.id]);
    // Another user's show id gives nothing, not that user's imports.
    expect(await listImportStatusForUser(aliceId, { showId: bobShowId })).toMatchObject({ inProgressCount: 0, failedCount: 0, inProgress: [], failed: [] });
    const bobs = await listImportStatusForUser(bobId);
    expect([bobs.inProgressCount, bobs.failedCount]).toEqual([1, 1]);
  });

  it("shows at most ten of each, with the totals", async () => {
    for (let index = 0; index < 12; index++) {
      await seedEpisode(aliceId, showId, "queued", (20 - index) * 60_000);
      await seedEpisode(aliceId, showId, "failed", index * 60_000);
    }
    const status = await listImportStatusForUser(aliceId);
    expect(status.inProgress).toHaveLength(10);
    expect(status.inProgressCount).toBe(12);
    expect(status.failed).toHaveLength(10);
    expect(status.failedCount).toBe(12);
    const created = status.inProgress.map((episode) => episode.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const failedAt = status.failed.map((episode) => episode.updatedAt.getTime());
    expect(failedAt).toEqual([...failedAt].sort((a, b) => b - a));
  });

  it("follows a real import: in progress once delivered, gone from the status once imported", async () => {
    const production = await finishProduction(base, "alice", connection.displayName);
    await deliverWebhook(connection.webhookSecret, production.uuid);
    expect((await listImportStatusForUser(aliceId)).inProgress.map((episode) => episode.productionUuid)).toEqual([production.uuid]);
    await drainImportQueue();
    expect(await listImportStatusForUser(aliceId)).toMatchObject({ inProgressCount: 0, failedCount: 0 });
  });
});

describe("a failed production's name", () => {
  it("is its title from Auphonic even when it failed there before any import", async () => {
    const production = await finishProduction(base, "alice", connection.displayName, { status: "Error", metadata: { title: "The Broken Interview" } });
    await deliverWebhook(connection.webhookSecret, production.uuid);
    await drainImportQueue();
    const [failed] = (await listImportStatusForUser(aliceId)).failed;
    expect(failed).toMatchObject({ productionUuid: production.uuid, title: "The Broken Interview", importErrorKind: "auphonic" });
    expect(describeProduction(failed!)).toBe("The Broken Interview");
    const [delivery] = await listDeliveriesForConnection(aliceId, connection.id);
    expect(delivery).toMatchObject({ productionUuid: production.uuid, productionTitle: "The Broken Interview" });
  });

  it("falls back to a deleted episode's title, and only then to the uuid", async () => {
    expect(describeProduction({ title: "", productionUuid: "abc" }, "Kept title")).toBe("Kept title");
    expect(describeProduction({ title: "  ", productionUuid: "abc" }, null)).toBe("Production abc");
    expect(describeProduction({ title: "Own title", productionUuid: "abc" }, "Kept title")).toBe("Own title");

    const production = await finishProduction(base, "alice", connection.displayName, { metadata: { title: "Gone But Named" } });
    await deliverWebhook(connection.webhookSecret, production.uuid);
    await drainImportQueue();
    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } });
    expect((await listEpisodeDeliveries(episode))[0]).toMatchObject({ productionTitle: "Gone But Named" });
    await deleteEpisode(aliceId, episode.id);
    // The episode is gone; its tombstone still names the production in the connection's deliveries.
    const deliveries = await listDeliveriesForConnection(aliceId, connection.id);
    expect(deliveries.map((delivery) => delivery.productionTitle)).toEqual(["Gone But Named"]);

    // A production Podhaven never learnt a title for keeps its uuid.
    await db.delivery.create({ data: { connectionId: connection.id, httpStatus: 401, accepted: false, reason: "bad token", productionUuid: "unknownuuid0000000000" } });
    const [latest] = await listDeliveriesForConnection(aliceId, connection.id);
    expect(latest).toMatchObject({ productionUuid: "unknownuuid0000000000", productionTitle: null });
    expect(describeProduction({ title: latest!.productionTitle, productionUuid: latest!.productionUuid! })).toBe("Production unknownuuid0000000000");
    // Another user asking for this connection's deliveries gets none, titles included.
    expect(await listDeliveriesForConnection(bobId, connection.id)).toEqual([]);
  });
});

describe("retrying a failed import", () => {
  it("is refused when the production failed inside Auphonic, and a new delivery from Auphonic still imports", async () => {
    const production = await finishProduction(base, "alice", connection.displayName, { status: "Error" });
    await deliverWebhook(connection.webhookSecret, production.uuid);
    await drainImportQueue();
    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } });
    expect(episode).toMatchObject({ importState: "failed", importErrorKind: "auphonic" });
    expect(findImportRetryRefusal(episode)).toMatch(/failed or was removed in Auphonic/);

    const jobsBefore = await listImportJobs(db);
    for (const takeAuphonicValues of [false, true]) {
      const refused = retryImport(aliceId, episode.id, { takeAuphonicValues });
      await expect(refused).rejects.toBeInstanceOf(AppError);
      await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Retrying cannot fix this/) });
    }
    expect(await listImportJobs(db)).toEqual(jobsBefore);
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ importState: "failed", importErrorKind: "auphonic" });

    // Auphonic delivering the production again (re-run there) is not a retry from here: it is queued and clears the kind.
    await deliverWebhook(connection.webhookSecret, production.uuid);
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ importState: "queued", importError: null, importErrorKind: null });
  });

  it("is refused once the production was deleted in Auphonic; the episode keeps its audio", async () => {
    const production = await finishProduction(base, "alice", connection.displayName);
    await deliverWebhook(connection.webhookSecret, production.uuid);
    await drainImportQueue();
    const imported = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } });
    expect(imported).toMatchObject({ importState: "ready", audioVersion: 1 });

    await controlSandbox(base, `/productions/${production.uuid}/delete`, {});
    await retryImport(aliceId, imported.id, { takeAuphonicValues: true });
    await drainImportQueue();
    const failed = await db.episode.findUniqueOrThrow({ where: { id: imported.id }, include: { files: true } });
    expect(failed).toMatchObject({ importState: "failed", importErrorKind: "auphonic", audioVersion: 1, state: "published", title: imported.title });
    expect(failed.importError).toMatch(/deleted in Auphonic/);
    expect(failed.files.some((file) => file.isEnclosure)).toBe(true);
    // Not mistaken for a delivery meant for someone else.
    expect(await db.delivery.count({ where: { accepted: false } })).toBe(0);
    await expect(retryImport(aliceId, imported.id)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("is offered and works after a failure on the way (Auphonic unreachable through every attempt)", async () => {
    const production = await finishProduction(base, "alice", connection.displayName);
    await controlSandbox(base, "/faults", { api500: 2 });
    await deliverWebhook(connection.webhookSecret, production.uuid);
    await drainImportQueue();
    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } });
    expect(episode).toMatchObject({ importState: "failed", importErrorKind: "podhaven" });
    expect(findImportRetryRefusal(episode)).toBeNull();
    expect((await listImportStatusForUser(aliceId)).failed.map((row) => row.id)).toEqual([episode.id]);

    await retryImport(aliceId, episode.id);
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ importState: "queued", importErrorKind: null });
    await drainImportQueue();
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({ importState: "ready", importError: null, importErrorKind: null });
  });

  it("is refused to another user", async () => {
    const failed = await seedEpisode(aliceId, showId, "failed", 0);
    await expect(retryImport(bobId, failed.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
