// Reconciliation end to end: a real sandbox over HTTP (its request log counts what Podhaven asked), a real Postgres,
// the real webhook handler and import queue. A production whose webhook was lost becomes an episode exactly once,
// whatever else (a late webhook, a second worker) happens; failed, in-review and tombstoned ones are not imported.
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox, deliverWebhook, drainImportQueue, finishProduction as finishProductionIn, type SandboxProduction } from "@/lib/testing/import-harness";
import { deleteImportJobs, listImportJobs } from "@/lib/testing/import-jobs";
import { showInput } from "@/lib/testing/show-input";
import { signIn, startTestSandbox, waitFor } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-reconcile-"));
const { sandbox, base } = await startTestSandbox();
const WINDOW_DAYS = 14;
const INTERVAL_MS = 15 * 60_000;
// The app's webhook, served as server.ts serves it: the sandbox's "deliver" reaches it over HTTP, as Auphonic's would.
let serveWebhook: ((request: IncomingMessage, response: ServerResponse) => Promise<boolean>) | null = null;
const webhookServer = createServer((request, response) => {
  void (serveWebhook?.(request, response) ?? Promise.resolve(false)).then((isServed) => {
    if (!isServed) response.writeHead(404).end();
  });
});
await new Promise<void>((resolve) => webhookServer.listen(0, "127.0.0.1", resolve));
Object.assign(process.env, {
  AUPHONIC_BASE_URL: base,
  APP_URL: `http://localhost:${(webhookServer.address() as AddressInfo).port}`,
  MEDIA_DIR: mediaDir,
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  IMPORT_MAX_ATTEMPTS: "2",
  AUPHONIC_RECONCILE_MS: String(INTERVAL_MS),
  AUPHONIC_RECONCILE_WINDOW_DAYS: String(WINDOW_DAYS),
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { reconcileUser, GONE_FROM_AUPHONIC, RECONCILE_RUN_DEADLINE_MS } = await import("@/lib/reconcile/reconcile-user");
const { FOUND_BY_RECONCILIATION_REASON } = await import("@/lib/reconcile/import-found-productions");
const { scheduleReconciliation } = await import("@/lib/reconcile/schedule-reconciliation");
const { scheduleAllReconciliations } = await import("@/lib/reconcile/schedule-all-reconciliations");
const { runDueScheduledJobs, scheduleJob } = await import("@/lib/jobs/scheduled-jobs");
const { AppError } = await import("@/lib/errors");
serveWebhook = (await import("@/lib/webhooks/serve-webhook-directly")).serveWebhookDirectly;

const DAY = 24 * 3600_000;
const control = <T = unknown>(pathname: string, body?: unknown) => controlSandbox<T>(base, pathname, body);
const finishProduction = (displayName: string, extra: object = {}) => finishProductionIn(base, "alice", displayName, extra);
const finishMany = async (displayName: string, count: number, extra: object = {}) =>
  (await control<{ productions: SandboxProduction[] }>("/productions", { username: "alice", display_name: displayName, deliver: false, count, ...extra })).productions;

type RequestRecord = { method: string; path: string; search: string };
const clearRequests = async () => {
  const response = await fetch(new URL("/control/api/requests", base), { method: "DELETE" });
  expect(response.ok).toBe(true);
};
const apiRequests = async () => (await control<{ requests: RequestRecord[] }>("/requests")).requests.filter((request) => request.path.startsWith("/api/"));

let aliceId: string;
let bobId: string;
let showId: string;
let publish: { id: string; webhookSecret: string; displayName: string };
let draft: { id: string; webhookSecret: string; displayName: string };

beforeEach(async () => {
  await control("/reset", {});
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name IN ('scheduled', 'auphonic-reconcile')`;
  await deleteImportJobs(db);
  await db.delivery.deleteMany();
  await db.deletedProduction.deleteMany();
  await db.episode.deleteMany();
  await db.knownProduction.deleteMany();
  await db.auphonicSync.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  await db.showSlug.deleteMany();
  aliceId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"))).id;
  bobId = (await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"))).id;
  showId = (await saveShow(aliceId, null, showInput("reconciled"), null)).id;
  publish = await createConnection(aliceId, showId, { displayName: "Reconciled - Publish", customData: '{"publishState":"publish"}' });
  draft = await createConnection(aliceId, showId, { displayName: "Reconciled - Draft", customData: '{"publishState":"draft"}' });
  await clearRequests();
});

afterAll(async () => {
  await new Promise((resolve) => webhookServer.close(resolve));
  await sandbox.close();
  await db.$disconnect();
});

const episodesOf = (productionUuid: string) => db.episode.findMany({ where: { productionUuid } });
const deliveriesOf = (productionUuid: string) => db.delivery.findMany({ where: { productionUuid }, orderBy: { receivedAt: "asc" } });

describe("reconcileUser", () => {
  it("imports a production whose webhook was lost, once: again, and a late webhook, add nothing", async () => {
    const production = await finishProduction(publish.displayName);

    const report = await reconcileUser(aliceId);
    // The page with it, and the empty one after it that shows the end.
    expect(report).toMatchObject({ pages: 2, requests: 2, listed: 1, failed: 0, inReview: 0 });
    const [episode] = await episodesOf(production.uuid);
    expect(report.imported).toEqual([{ productionUuid: production.uuid, episodeId: episode!.id, connectionId: publish.id }]);
    expect(episode).toMatchObject({ connectionId: publish.id, userId: aliceId, showId, importState: "queued", customData: '{"publishState":"publish"}' });
    expect(await deliveriesOf(production.uuid)).toMatchObject([
      { connectionId: publish.id, accepted: true, httpStatus: 200, reason: FOUND_BY_RECONCILIATION_REASON, episodeId: episode!.id },
    ]);
    expect(await listImportJobs(db, { live: true, key: { connectionId: publish.id, productionUuid: production.uuid } })).toHaveLength(1);
    const known = await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: production.uuid } } });
    expect(known).toMatchObject({ status: 3, inReview: false, errorMessage: "", showId: null, stage: null });
    expect(known.serviceUuids).toContain((await db.connection.findUniqueOrThrow({ where: { id: publish.id } })).auphonicServiceUuid);

    const again = await reconcileUser(aliceId);
    expect(again.imported).toEqual([]);
    expect(await episodesOf(production.uuid)).toHaveLength(1);
    expect(await deliveriesOf(production.uuid)).toHaveLength(1);

    // The webhook arrives late (the sandbox sends it over HTTP): the same episode, still one live import.
    await control(`/productions/${production.uuid}/deliver`, {});
    const late = await waitFor(async () => (await deliveriesOf(production.uuid)).find((delivery) => delivery.reason === "Accepted; import queued."));
    expect(late).toMatchObject({ accepted: true, httpStatus: 200, episodeId: episode!.id });
    expect(await episodesOf(production.uuid)).toEqual([expect.objectContaining({ id: episode!.id, guid: episode!.guid })]);
    expect(await listImportJobs(db, { live: true })).toHaveLength(1);

    // Imported once; a webhook arriving after that copies nothing again.
    await drainImportQueue();
    const imported = await db.episode.findUniqueOrThrow({ where: { id: episode!.id } });
    expect(imported).toMatchObject({ importState: "ready", audioVersion: 1 });
    expect(await deliverWebhook(publish.webhookSecret, production.uuid)).toMatchObject({ status: 200 });
    await drainImportQueue();
    expect(await db.episode.findUniqueOrThrow({ where: { id: episode!.id } })).toMatchObject({ importState: "ready", audioVersion: 1 });
    expect(await db.episode.count()).toBe(1);
    expect((await reconcileUser(aliceId)).imported).toEqual([]);
  });

  it("does nothing for a production whose webhook came first", async () => {
    const production = await finishProduction(publish.displayName);
    expect((await deliverWebhook(publish.webhookSecret, production.uuid)).status).toBe(200);
    const report = await reconcileUser(aliceId);
    expect(report.imported).toEqual([]);
    expect(await episodesOf(production.uuid)).toHaveLength(1);
    expect((await deliveriesOf(production.uuid)).map((delivery) => delivery.reason)).toEqual(["Accepted; import queued."]);
    expect(await listImportJobs(db)).toHaveLength(1);
  });

  it("imports once when two workers reconcile at the same time, and when a webhook races them", async () => {
    const productions = await finishMany(publish.displayName, 30);
    const [first, second] = await Promise.all([reconcileUser(aliceId), reconcileUser(aliceId)]);
    expect(first.imported.length + second.imported.length).toBe(30);
    expect(await db.episode.count()).toBe(30);
    expect(await db.delivery.count({ where: { reason: FOUND_BY_RECONCILIATION_REASON } })).toBe(30);
    expect(await listImportJobs(db)).toHaveLength(30);

    const racing = await finishProduction(publish.displayName);
    const [report, reply] = await Promise.all([reconcileUser(aliceId), deliverWebhook(publish.webhookSecret, racing.uuid)]);
    expect(reply.status).toBe(200);
    expect(report.imported.length).toBeLessThanOrEqual(1);
    expect(await episodesOf(racing.uuid)).toHaveLength(1);
    expect(await listImportJobs(db, { key: { connectionId: publish.id, productionUuid: racing.uuid } })).toHaveLength(1);
    expect(new Set((await db.episode.findMany()).map((episode) => episode.productionUuid))).toEqual(new Set([...productions.map((p) => p.uuid), racing.uuid]));
  });

  it("imports a production for each of the user's connections it lists, and none for another user's or a deleted one", async () => {
    const toDraft = await finishProduction(draft.displayName);
    await db.connection.update({ where: { id: publish.id }, data: { deletedAt: new Date() } });
    const toDeleted = await finishProduction(publish.displayName);
    // Bob's sandbox account has no service of alice's: his productions are never alice's imports.
    const bobShow = await saveShow(bobId, null, showInput("bobs"), null);
    const bobs = await createConnection(bobId, bobShow.id, { displayName: "Bob - Publish", customData: '{"publishState":"publish"}' });
    const bobsProduction = await finishProductionIn(base, "bob", bobs.displayName);

    const report = await reconcileUser(aliceId);
    expect(report.imported).toEqual([expect.objectContaining({ productionUuid: toDraft.uuid, connectionId: draft.id })]);
    expect(await episodesOf(toDeleted.uuid)).toHaveLength(0);
    expect(await episodesOf(bobsProduction.uuid)).toHaveLength(0);
    expect(await db.knownProduction.count({ where: { userId: aliceId, uuid: bobsProduction.uuid } })).toBe(0);
  });

  it("does not import a tombstoned production (its episode was deleted)", async () => {
    const production = await finishProduction(publish.displayName);
    await db.deletedProduction.create({ data: { connectionId: publish.id, productionUuid: production.uuid, title: "Deleted on purpose" } });
    const report = await reconcileUser(aliceId);
    expect(report.imported).toEqual([]);
    expect(await episodesOf(production.uuid)).toHaveLength(0);
    expect(await deliveriesOf(production.uuid)).toHaveLength(0);
    expect(await listImportJobs(db)).toHaveLength(0);
  });


  it("does not import again into its own connection a production the creator imported into another show on purpose", async () => {
    const production = await finishProduction(publish.displayName);
    const otherShowId = (await saveShow(aliceId, null, showInput("chosen-elsewhere"), null)).id;
    const other = await createConnection(aliceId, otherShowId, { displayName: "Chosen - Draft", customData: '{"publishState":"draft"}' });
    await db.episode.create({
      data: { userId: aliceId, showId: otherShowId, connectionId: other.id, productionUuid: production.uuid, guid: "chosen-guid", productionChosenByCreator: true },
    });
    const report = await reconcileUser(aliceId);
    expect(report.imported).toEqual([]);
    expect((await episodesOf(production.uuid)).map((episode) => episode.connectionId)).toEqual([other.id]);
  });
  it("records a failed production with Auphonic's reason and an in-review one, importing neither until published", async () => {
    const failed = await finishProduction(publish.displayName, { status: "Error" });
    const inReview = await finishProduction(publish.displayName, { in_review: true });
    const report = await reconcileUser(aliceId);
    expect(report).toMatchObject({ failed: 1, inReview: 1, imported: [] });
    const knownFailed = await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: failed.uuid } } });
    const sandboxFailed = await control<{ error_message: string }>(`/productions/${failed.uuid}`);
    expect(knownFailed).toMatchObject({ status: 2, errorMessage: sandboxFailed.error_message });
    expect(knownFailed.errorMessage).not.toBe("");
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: inReview.uuid } } })).toMatchObject({ status: 3, inReview: true });
    expect(await db.episode.count()).toBe(0);

    // Approved in Auphonic, its webhook lost: the next run imports it.
    await control("/faults", { loseWebhooks: 1 });
    await control(`/productions/${inReview.uuid}/approve`, {});
    const after = await reconcileUser(aliceId);
    expect(after.imported).toEqual([expect.objectContaining({ productionUuid: inReview.uuid })]);
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: inReview.uuid } } })).toMatchObject({ inReview: false });
  });

  it("lists 500 productions with one request per page and none per production", async () => {
    await finishMany(publish.displayName, 500);
    const report = await reconcileUser(aliceId);
    // One request per page, and one more: the empty page that shows the end (a page, full or short, cannot tell
    // whether more follow: Auphonic documents no largest page).
    expect(report).toMatchObject({ pages: 6, requests: 6, listed: 500 });
    expect(report.imported).toHaveLength(500);
    const requests = await apiRequests();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(Array(6).fill("GET /api/productions.json"));
    expect(requests.map((request) => new URLSearchParams(request.search).get("offset"))).toEqual(["0", "100", "200", "300", "400", "500"]);
    expect(requests.every((request) => new URLSearchParams(request.search).get("minimal_data") === null)).toBe(true);
    expect(await db.episode.count()).toBe(500);

    await clearRequests();
    const again = await reconcileUser(aliceId);
    expect(again).toMatchObject({ pages: 6, requests: 6, imported: [] });
    expect(await apiRequests()).toHaveLength(6);
  });

  it("stops at a page older than the window, and looks up the unfinished ones seen before, one request each", async () => {
    await finishMany(publish.displayName, 100);
    await finishMany(publish.displayName, 100, { created_at: new Date(Date.now() - (WINDOW_DAYS + 5) * DAY).toISOString() });
    const [finishedLater] = await finishMany(publish.displayName, 1, { created_at: new Date(Date.now() - (WINDOW_DAYS + 10) * DAY).toISOString() });
    // Seen unfinished by an earlier run, finished since, its webhook lost; and one deleted in Auphonic meanwhile.
    await db.knownProduction.create({ data: { userId: aliceId, uuid: finishedLater!.uuid, status: 4, statusString: "Audio Processing", createdAt: new Date(Date.now() - (WINDOW_DAYS + 10) * DAY) } });
    const goneUuid = "GoneGoneGoneGoneGone22";
    await db.knownProduction.create({ data: { userId: aliceId, uuid: goneUuid, status: 1, statusString: "Waiting" } });

    const report = await reconcileUser(aliceId);
    expect(report).toMatchObject({ pages: 2, requests: 4, listed: 200 });
    const requests = await apiRequests();
    expect(requests.filter((request) => request.path === "/api/productions.json")).toHaveLength(2);
    expect(requests.filter((request) => request.path.startsWith("/api/production/")).map((request) => request.path).sort()).toEqual(
      [`/api/production/${finishedLater!.uuid}.json`, `/api/production/${goneUuid}.json`].sort(),
    );
    // All 200 read (also those past the window's start: one may have finished late) and the one looked up.
    expect(report.imported).toHaveLength(201);
    expect(report.imported.map((item) => item.productionUuid)).toContain(finishedLater!.uuid);
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: finishedLater!.uuid } } })).toMatchObject({ status: 3 });
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: goneUuid } } })).toMatchObject({ status: 2, errorMessage: GONE_FROM_AUPHONIC });

    // Both are finished for reconciliation now: the next run looks nothing up.
    await clearRequests();
    expect(await reconcileUser(aliceId)).toMatchObject({ requests: 2, imported: [] });
  });

  it("looks up one seen running every run, and a draft or one in review only when not seen for 6 hours", async () => {
    const HOUR = 3600_000;
    const known = async (uuid: string, status: number | null, seenHoursAgo: number, inReview = false) =>
      db.knownProduction.create({ data: { userId: aliceId, uuid, status, inReview, seenAt: new Date(Date.now() - seenHoursAgo * HOUR), createdAt: new Date(Date.now() - 20 * DAY) } });
    // None of them is in Auphonic's list (the sandbox has none): each look-up is answered 404 and marks it gone.
    await known("RunningRunningRunning0", 4, 0);
    await known("WaitingWaitingWaiting1", 1, 0);
    await known("IncompleteIncomplete09", 9, 1);
    await known("NotStartedNotStarted10", 10, 5);
    await known("OutdatedOutdatedOutd11", 11, 0);
    await known("ReviewReviewReviewRev3", 3, 0, true);
    await known("UnreadableUnreadable00", null, 2);
    await known("OldDraftOldDraftOldD09", 9, 7);
    await known("OldReviewOldReviewOld3", 3, 6.5, true);

    const report = await reconcileUser(aliceId);
    const lookedUp = (await apiRequests()).filter((request) => request.path.startsWith("/api/production/")).map((request) => request.path.slice("/api/production/".length, -".json".length));
    expect(lookedUp.sort()).toEqual(["OldDraftOldDraftOldD09", "OldReviewOldReviewOld3", "RunningRunningRunning0", "WaitingWaitingWaiting1"].sort());
    expect(report.requests).toBe(1 + 4);
    expect(await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: "IncompleteIncomplete09" } } })).toMatchObject({ status: 9 });
  });

  it("fails with a clear error when Auphonic fails, records it, and recovers", async () => {
    await finishProduction(publish.displayName);
    await control("/faults", { api500: 1 });
    const error = await reconcileUser(aliceId).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "AUPHONIC_UNAVAILABLE", message: expect.stringMatching(/Auphonic answered with an error \(HTTP 500\)/) });
    expect(await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).toMatchObject({ failures: 1, lastError: (error as Error).message, lastSuccessAt: null });
    expect(await db.episode.count()).toBe(0);

    expect((await reconcileUser(aliceId)).imported).toHaveLength(1);
    const sync = await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } });
    expect(sync).toMatchObject({ failures: 0, lastError: null });
    expect(sync.lastSuccessAt).not.toBeNull();
  });

  it("marks a token Auphonic refuses invalid, and asks for nothing more", async () => {
    await control("/users/alice/revoke", {});
    await expect(reconcileUser(aliceId)).rejects.toMatchObject({ code: "AUPHONIC_UNAUTHORIZED" });
    expect(await db.user.findUniqueOrThrow({ where: { id: aliceId } })).toMatchObject({ auphonicTokenInvalid: true });
    await clearRequests();
    await expect(reconcileUser(aliceId)).rejects.toMatchObject({ code: "AUPHONIC_UNAUTHORIZED" });
    expect(await apiRequests()).toHaveLength(0);
  });
});

describe("the scheduled reconciliation", () => {
  type PendingJob = { startAfter: Date; userId: string; queue: string; expireInSeconds: number };
  // Every queue: a run must be on its own queue, never on the housekeeping one.
  const pendingJobs = () =>
    db.$queryRaw<PendingJob[]>`SELECT start_after AS "startAfter", data->'data'->>'userId' AS "userId", name AS queue,
        extract(epoch FROM expire_in)::int AS "expireInSeconds" FROM pgboss.job
      WHERE data->>'kind' = 'auphonic-reconcile' AND state IN ('created', 'retry') ORDER BY start_after`;
  const expectNextIn = async (minMs: number, maxMs: number) => {
    const [job, ...others] = await pendingJobs();
    expect(others).toEqual([]);
    expect(job!.queue).toBe("auphonic-reconcile");
    const inMs = job!.startAfter.getTime() - Date.now();
    expect(inMs).toBeGreaterThan(minMs - 5_000);
    expect(inMs).toBeLessThan(maxMs + 5_000);
    expect((await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).nextRunAt?.getTime()).toBe(job!.startAfter.getTime());
  };

  it("runs, imports, and keeps one next run AUPHONIC_RECONCILE_MS ±20% later; scheduling again adds none", async () => {
    const production = await finishProduction(publish.displayName);
    expect(await scheduleReconciliation(aliceId)).toBe(true);
    expect(await scheduleReconciliation(aliceId)).toBe(false);
    expect(await runDueScheduledJobs({ queue: "reconcile" })).toBe(1);
    expect(await episodesOf(production.uuid)).toHaveLength(1);
    await expectNextIn(0.8 * INTERVAL_MS, 1.2 * INTERVAL_MS);
    expect(await scheduleReconciliation(aliceId)).toBe(false);
    expect(await pendingJobs()).toHaveLength(1);
  });

  it("goes to its own queue, whose lane housekeeping never waits for, and may run past pg-boss's 15 minutes without being handed out twice", async () => {
    expect(await scheduleReconciliation(aliceId)).toBe(true);
    const [job] = await pendingJobs();
    expect(job).toMatchObject({ queue: "auphonic-reconcile", userId: aliceId });
    // Longer than a run may last (its deadline) plus a request's own limit.
    expect(job!.expireInSeconds).toBeGreaterThanOrEqual(RECONCILE_RUN_DEADLINE_MS / 1000 + 60);
    expect(await runDueScheduledJobs({ queue: "housekeeping" })).toBe(0);
    expect(await runDueScheduledJobs({ queue: "reconcile" })).toBe(1);
  });

  it("still runs a reconciliation an earlier version queued on the housekeeping queue; the next one goes to its own", async () => {
    const production = await finishProduction(publish.displayName);
    expect(await scheduleJob("auphonic-reconcile", { userId: aliceId }, new Date(), { key: aliceId, queue: "housekeeping" })).toBe(true);
    expect(await runDueScheduledJobs({ queue: "housekeeping" })).toBe(1);
    expect(await episodesOf(production.uuid)).toHaveLength(1);
    await expectNextIn(0.8 * INTERVAL_MS, 1.2 * INTERVAL_MS);
  });

  it("backs off after an error, and stops for a refused token until the next sign-in", async () => {
    await control("/faults", { api500: 1 });
    await scheduleReconciliation(aliceId);
    await runDueScheduledJobs({ queue: "reconcile" });
    // One error in a row: twice the interval, ±20%.
    await expectNextIn(1.6 * INTERVAL_MS, 2.4 * INTERVAL_MS);

    await db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'auphonic-reconcile'`;
    await control("/users/alice/revoke", {});
    await runDueScheduledJobs({ queue: "reconcile" });
    expect(await pendingJobs()).toEqual([]);
    expect(await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).toMatchObject({ nextRunAt: null, failures: 2 });
    // Workers starting skip a creator whose token is invalid, and schedule the others.
    expect(await scheduleAllReconciliations()).toBe(1);
    expect((await pendingJobs()).map((job) => job.userId)).toEqual([bobId]);
  });

  it("a sign-in runs it now, in place of a pending run due later", async () => {
    expect(await scheduleReconciliation(aliceId, { at: new Date(Date.now() + INTERVAL_MS) })).toBe(true);
    const { authOptions } = await import("@/lib/auth");
    const jwt = authOptions.callbacks!.jwt!;
    const profile = { userId: "alice-id", username: "alice", email: "alice@example.com", credits: 1 };
    await jwt({ token: {}, account: { provider: "auphonic", type: "oauth", providerAccountId: "alice-id", access_token: await signIn(base, "alice") }, profile } as unknown as Parameters<typeof jwt>[0]);
    const pending = await waitFor(async () => {
      const jobs = await pendingJobs();
      return jobs.length === 1 && jobs[0]!.startAfter.getTime() <= Date.now() ? jobs : undefined;
    });
    expect(pending.map((job) => job.userId)).toEqual([aliceId]);
    expect((await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).nextRunAt?.getTime()).toBe(pending[0]!.startAfter.getTime());
    // A worker starting keeps a pending run as it is (a backoff must survive a restart); Bob had none.
    expect(await scheduleAllReconciliations()).toBe(1);
    expect((await pendingJobs()).filter((job) => job.userId === aliceId)).toHaveLength(1);
  });

  it("starts again when the creator signs in again (next-auth's callback stores the token and schedules a run now)", async () => {
    await control("/users/alice/revoke", {});
    await expect(reconcileUser(aliceId)).rejects.toMatchObject({ code: "AUPHONIC_UNAUTHORIZED" });
    expect(await pendingJobs()).toEqual([]);

    const { authOptions } = await import("@/lib/auth");
    const jwt = authOptions.callbacks!.jwt!;
    const profile = { userId: "alice-id", username: "alice", email: "alice@example.com", credits: 1 };
    await jwt({ token: {}, account: { provider: "auphonic", type: "oauth", providerAccountId: "alice-id", access_token: await signIn(base, "alice") }, profile } as unknown as Parameters<typeof jwt>[0]);
    // The sign-in schedules without waiting for it (a sign-in never fails for it).
    const pending = await waitFor(async () => ((await pendingJobs()).length > 0 ? pendingJobs() : undefined));
    expect(pending.map((job) => job.userId)).toEqual([aliceId]);
    expect(pending[0]!.startAfter.getTime()).toBeLessThanOrEqual(Date.now());

    const production = await finishProduction(publish.displayName);
    expect(await runDueScheduledJobs({ queue: "reconcile" })).toBe(1);
    expect(await episodesOf(production.uuid)).toHaveLength(1);
    await expectNextIn(0.8 * INTERVAL_MS, 1.2 * INTERVAL_MS);
  });
});
