// The dashboard's at-a-glance reads, against a real Postgres with seeded rows: each reads only the creator's own
// data; imports are named by a title Auphonic gave before the import did; downloads count the last 7 UTC days.
import { beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";

await createTestDatabase();
const { db } = await import("@/lib/db");
const { listRecentEpisodes } = await import("./list-recent-episodes");
const { findNextScheduledRelease } = await import("./find-next-scheduled-release");
const { countRecentDownloads } = await import("./count-recent-downloads");
const { listImportStatusForUser } = await import("@/lib/episodes/list-import-status-for-user");

const DAY = 86_400_000;
let seq = 0;

async function creator(name: string) {
  const user = await db.user.create({ data: { auphonicUserId: `${name}-${++seq}`, username: name } });
  const show = await db.show.create({ data: { ...showInput(`${name}-show-${seq}`), userId: user.id, title: `${name}'s show` } });
  return { user, show };
}

async function episode(owner: { user: { id: string }; show: { id: string } }, data: Record<string, unknown> = {}) {
  return db.episode.create({ data: { userId: owner.user.id, showId: owner.show.id, guid: `guid-${++seq}`, importState: "ready", ...data } });
}

beforeEach(async () => {
  await db.user.deleteMany();
});

describe("the dashboard's reads", () => {
  it("lists the five newest episodes of the creator only, with show and state", async () => {
    const ann = await creator("ann");
    const ben = await creator("ben");
    for (let index = 0; index < 7; index++) {
      await episode(ann, { title: `Ann ${index}`, createdAt: new Date(Date.UTC(2026, 10, 1 + index)), state: index % 2 ? "published" : "draft" });
    }
    await episode(ben, { title: "Ben's newest", createdAt: new Date(Date.UTC(2027, 0, 1)) });
    const recent = await listRecentEpisodes(ann.user.id);
    expect(recent.map((row) => row.title)).toEqual(["Ann 6", "Ann 5", "Ann 4", "Ann 3", "Ann 2"]);
    expect(recent[1]).toMatchObject({ state: "published", show: { title: "ann's show" } });
  });

  it("finds the earliest scheduled release of the creator's ready drafts only", async () => {
    const ann = await creator("ann");
    const ben = await creator("ben");
    const soon = new Date(Date.now() + DAY);
    await episode(ann, { title: "Later", state: "draft", scheduledAt: new Date(Date.now() + 3 * DAY) });
    await episode(ann, { title: "Soon", state: "draft", scheduledAt: soon });
    await episode(ann, { title: "Still importing", state: "draft", importState: "importing", scheduledAt: new Date(Date.now() + 1000) });
    await episode(ann, { title: "Published", state: "published", scheduledAt: new Date(Date.now() + 2000) });
    await episode(ben, { title: "Ben's sooner", state: "draft", scheduledAt: new Date(Date.now() + 60_000) });
    expect(await findNextScheduledRelease(ann.user.id)).toMatchObject({ title: "Soon", scheduledAt: soon, show: { title: "ann's show" } });
    expect(await findNextScheduledRelease((await creator("cat")).user.id)).toBeNull();
  });

  it("counts downloads of the last 7 UTC days per show, today included, and none of another creator's", async () => {
    const ann = await creator("ann");
    const ben = await creator("ben");
    const annEpisode = await episode(ann, { state: "published", publishedAt: new Date("2026-11-01T00:00:00Z") });
    const benEpisode = await episode(ben, { state: "published", publishedAt: new Date("2026-11-01T00:00:00Z") });
    const today = new Date("2026-12-06T12:00:00Z");
    const download = (target: { id: string; showId: string }, day: string, client: string) =>
      db.download.create({ data: { episodeId: target.id, showId: target.showId, day: new Date(`${day}T00:00:00Z`), clientHash: client, userAgent: "AntennaPod/3.2.0", app: "AntennaPod", at: new Date(`${day}T08:00:00Z`) } });
    await download(annEpisode, "2026-12-06", "a"); // today
    await download(annEpisode, "2026-11-30", "b"); // the 7th day back
    await download(annEpisode, "2026-11-29", "c"); // the 8th: not counted
    await download(benEpisode, "2026-12-05", "d");
    const counted = await countRecentDownloads(ann.user.id, [ann.show], today);
    expect(counted).toEqual({ total: 2, shows: [{ id: ann.show.id, title: "ann's show", downloads: 2 }] });
    // Another creator's show is refused, not counted.
    await expect(countRecentDownloads(ann.user.id, [ben.show], today)).rejects.toBeTruthy();
  });

  it("names an import without a title yet by the title the reconciliation knows, of the creator's own productions only", async () => {
    const ann = await creator("ann");
    const ben = await creator("ben");
    const uuid = "AbCdEfGhIjKlMnOpQrStUv";
    await episode(ann, { productionUuid: uuid, title: "", importState: "queued" });
    await episode(ann, { productionUuid: "ZzCdEfGhIjKlMnOpQrStUv", title: "", importState: "failed", importError: "Auphonic failed." });
    await episode(ann, { productionUuid: "TtCdEfGhIjKlMnOpQrStUv", title: "Has its own", importState: "importing" });
    await db.knownProduction.create({ data: { userId: ann.user.id, uuid, title: "The Interview" } });
    await db.knownProduction.create({ data: { userId: ann.user.id, uuid: "TtCdEfGhIjKlMnOpQrStUv", title: "Known otherwise" } });
    // Ben's record of the failed one's uuid must not name Ann's import.
    await db.knownProduction.create({ data: { userId: ben.user.id, uuid: "ZzCdEfGhIjKlMnOpQrStUv", title: "Ben's title" } });
    const status = await listImportStatusForUser(ann.user.id);
    expect(status.inProgress.map((row) => [row.title, row.knownTitle])).toEqual([
      ["", "The Interview"],
      ["Has its own", null],
    ]);
    expect(status.failed.map((row) => row.knownTitle)).toEqual([null]);
  });
});
