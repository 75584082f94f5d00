// What /auphonic lists: KnownProduction rows of the creator only, newest first, with their targets and episodes.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";

await createTestDatabase();
Object.assign(process.env, { APP_URL: "http://localhost:3999", IMPORT_WORKER: "off" });

const { db } = await import("@/lib/db");
const { listRecentProductions, PRODUCTIONS_PER_PAGE } = await import("@/lib/productions/list-recent-productions");
const { listImportTargets } = await import("@/lib/productions/list-import-targets");
const { getAuphonicSyncStatus } = await import("@/lib/productions/get-auphonic-sync-status");
const { describeProductionStatus } = await import("@/lib/productions/describe-production-status");

let aliceId: string;
let bobId: string;

async function seedShow(userId: string, slug: string, title: string, connections: { name: string; service: string; deleted?: boolean }[]) {
  const show = await db.show.create({ data: { ...showInput(slug), title, userId } });
  const made = [];
  for (const connection of connections) {
    made.push(
      await db.connection.create({
        data: {
          userId,
          showId: show.id,
          displayName: connection.name,
          customData: "{}",
          webhookSecret: `${slug}-${connection.service}`,
          auphonicServiceUuid: connection.service,
          deletedAt: connection.deleted ? new Date() : null,
        },
      }),
    );
  }
  return { show, connections: made };
}

beforeEach(async () => {
  await db.episode.deleteMany();
  await db.knownProduction.deleteMany();
  await db.auphonicSync.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  await db.user.deleteMany();
  aliceId = (await db.user.create({ data: { auphonicUserId: "alice-auphonic", username: "alice" } })).id;
  bobId = (await db.user.create({ data: { auphonicUserId: "bob-auphonic", username: "bob" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("listRecentProductions", () => {
  it("lists the creator's productions newest first, named by their connections, with their episodes and what may be imported", async () => {
    const { show, connections } = await seedShow(aliceId, "family", "Family", [
      { name: "Publish Now", service: "svc-publish" },
      { name: "Old", service: "svc-old", deleted: true },
    ]);
    await seedShow(bobId, "bobs", "Bobs", [{ name: "Bobs Draft", service: "svc-bob" }]);
    const day = (n: number) => new Date(Date.UTC(2026, 11, n, 12));
    await db.knownProduction.createMany({
      data: [
        { userId: aliceId, uuid: "p-done-imported", title: "Imported one", status: 3, statusString: "Done", serviceUuids: ["svc-publish"], createdAt: day(5) },
        { userId: aliceId, uuid: "p-done-free", title: "Past one", status: 3, statusString: "Done", serviceUuids: ["svc-elsewhere", "svc-old"], createdAt: day(4) },
        { userId: aliceId, uuid: "p-failed", title: "Broken", status: 2, statusString: "Error", errorMessage: "Unsupported audio format.", serviceUuids: [], createdAt: day(3) },
        { userId: aliceId, uuid: "p-review", title: "Review me", status: 3, statusString: "Done", inReview: true, serviceUuids: ["svc-publish"], createdAt: day(2) },
        { userId: aliceId, uuid: "p-running", title: "", status: 4, statusString: "Audio Processing", createdAt: day(6) },
        { userId: bobId, uuid: "p-bob", title: "Bob's", status: 3, statusString: "Done", serviceUuids: ["svc-bob"], createdAt: day(7) },
      ],
    });
    const episode = await db.episode.create({
      data: { userId: aliceId, showId: show.id, connectionId: connections[0]!.id, productionUuid: "p-done-imported", guid: "g1", title: "Episode one", importState: "ready" },
    });

    const list = await listRecentProductions(aliceId, 1);
    expect(list.total).toBe(5);
    expect(list.productions.map((production) => production.uuid)).toEqual(["p-running", "p-done-imported", "p-done-free", "p-failed", "p-review"]);
    const byUuid = Object.fromEntries(list.productions.map((production) => [production.uuid, production]));
    expect(byUuid["p-running"]).toMatchObject({ status: { kind: "processing", text: "Processing… (Audio Processing)" }, canImport: false, sentTo: [] });
    expect(byUuid["p-done-imported"]).toMatchObject({
      status: { kind: "done", text: "Done" },
      canImport: false,
      sentTo: [{ connectionId: connections[0]!.id, label: "Family – Publish Now" }],
      episodes: [{ id: episode.id, title: "Episode one", importState: "ready", showTitle: "Family", connectionName: "Publish Now" }],
    });
    expect(byUuid["p-done-free"]).toMatchObject({
      canImport: true,
      episodes: [],
      sentTo: [
        { connectionId: null, label: "another service" },
        { connectionId: connections[1]!.id, label: "Family – Old (deleted connection)" },
      ],
    });
    expect(byUuid["p-failed"]).toMatchObject({ status: { kind: "failed", text: "Failed: Unsupported audio format." }, canImport: false });
    expect(byUuid["p-review"]).toMatchObject({ status: { kind: "in-review", text: "Waiting for your review in Auphonic" }, canImport: false });
  });

  it("pages, and holds a page number out of range to the last page", async () => {
    const count = PRODUCTIONS_PER_PAGE + 3;
    await db.knownProduction.createMany({
      data: Array.from({ length: count }, (_, index) => ({ userId: aliceId, uuid: `p-${String(index).padStart(3, "0")}`, status: 3, createdAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000) })),
    });
    const first = await listRecentProductions(aliceId, 1);
    expect(first).toMatchObject({ total: count, page: 1, pageCount: 2 });
    expect(first.productions[0]!.uuid).toBe(`p-${String(count - 1).padStart(3, "0")}`);
    const last = await listRecentProductions(aliceId, 999_999);
    expect(last.page).toBe(2);
    expect(last.productions.map((production) => production.uuid)).toEqual(["p-002", "p-001", "p-000"]);
    expect((await listRecentProductions(aliceId, -5)).page).toBe(1);
    expect((await listRecentProductions(bobId, 1)).productions).toEqual([]);
  });
});

describe("listImportTargets and getAuphonicSyncStatus", () => {
  it("offers the creator's live connections only, and reads the last check", async () => {
    const { connections } = await seedShow(aliceId, "family", "Family", [
      { name: "Publish Now", service: "svc-1" },
      { name: "Gone", service: "svc-2", deleted: true },
    ]);
    await seedShow(bobId, "bobs", "Bobs", [{ name: "Bobs Draft", service: "svc-bob" }]);
    expect(await listImportTargets(aliceId)).toEqual([{ connectionId: connections[0]!.id, label: "Family – Publish Now" }]);

    expect(await getAuphonicSyncStatus(aliceId)).toEqual({ lastRunAt: null, lastSuccessAt: null, nextRunAt: null, lastError: null });
    const at = new Date("2026-12-06T05:00:00Z");
    await db.auphonicSync.create({ data: { userId: aliceId, lastRunAt: at, lastSuccessAt: at, lastError: "Auphonic answered 429." } });
    expect(await getAuphonicSyncStatus(aliceId)).toMatchObject({ lastSuccessAt: at, lastError: "Auphonic answered 429." });
    expect((await getAuphonicSyncStatus(bobId)).lastSuccessAt).toBeNull();
  });
});

describe("describeProductionStatus", () => {
  it("names every state from what Auphonic said, hostile text included", () => {
    const base = { statusString: "", errorMessage: "", inReview: false };
    expect(describeProductionStatus({ ...base, status: 2 }).text).toBe("Failed: Auphonic gave no reason.");
    expect(describeProductionStatus({ ...base, status: 9, statusString: "Incomplete" })).toEqual({ kind: "not-started", text: "Not started in Auphonic (Incomplete)" });
    expect(describeProductionStatus({ ...base, status: null })).toEqual({ kind: "processing", text: "Processing…" });
    expect(describeProductionStatus({ ...base, status: 3, inReview: true }).kind).toBe("in-review");
    expect(describeProductionStatus({ ...base, status: 2, errorMessage: "  <script>x</script>  " }).text).toBe("Failed: <script>x</script>");
  });
});
