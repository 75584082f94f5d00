// Proof before claiming: a moved-in show holds its old feed's podcast:guid, and goes public, only once its creator
// has shown control of the old feed (a code in it). Two accounts move in the same feeds, served by a local "old
// host" that the test edits as the feed's owner would; then the tombstones a deleted account leaves behind.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";
import { deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-proof-"));
const AUDIO = readFileSync(path.resolve("sandbox/fixtures", "episode.mp3"));

const LOCKED_GUID = "0b9e3a52-3b1a-5d4e-9c7f-2a1b3c4d5e6f";
const OPEN_GUID = "1c2d3e4f-5a6b-5c7d-8e9f-0a1b2c3d4e5f";
// What the feeds' owner has put in them at the old host (edited by the tests).
const extra = { locked: { channel: "", description: "A locked show." }, open: { channel: "", description: "An open show." } };

function feed(name: "locked" | "open", guid: string): string {
  const items = [1, 2]
    .map((n) => `<item><title>${name} ${n}</title><guid isPermaLink="false">${name}-item-${n}</guid><pubDate>${new Date(Date.UTC(2025, 1, n)).toUTCString()}</pubDate><enclosure url="${base}/audio/${name}-${n}.mp3" length="${AUDIO.length}" type="audio/mpeg"/></item>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
  <title>The ${name} show</title>
  <description>${extra[name].description}</description>
  <language>en</language>
  <podcast:guid>${guid}</podcast:guid>
  ${name === "locked" ? '<podcast:locked owner="robin@old.example">yes</podcast:locked>' : "<podcast:locked>no</podcast:locked>"}
  <itunes:owner><itunes:name>Robin</itunes:name><itunes:email>robin@old.example</itunes:email></itunes:owner>
  ${extra[name].channel}
  ${items}
</channel>
</rss>`;
}

function handle(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? "/", base);
  const send = (status: number, body: string | Buffer, type: string) => response.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) }).end(body);
  if (url.pathname === "/locked/feed.xml") return send(200, feed("locked", LOCKED_GUID), "application/rss+xml");
  if (url.pathname === "/open/feed.xml") return send(200, feed("open", OPEN_GUID), "application/rss+xml");
  if (url.pathname.startsWith("/audio/")) return send(200, AUDIO, "audio/mpeg");
  return send(404, "not here", "text/plain");
}

const server = createServer(handle);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// The local Auphonic, for a production delivered into a draft show.
const { sandbox, base: auphonicBase } = await startTestSandbox();
Object.assign(process.env, { APP_URL: base, AUPHONIC_BASE_URL: auphonicBase, MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", IMPORT_RETRY_BASE_MS: "0" });

const { db } = await import("@/lib/db");
const { previewMoveIn } = await import("./preview-move-in");
const { startMoveIn } = await import("./start-move-in");
const { verifyMoveIn } = await import("./verify-move-in");
const { verificationLine } = await import("./verification-code");
const { getMoveInForUserOrThrow } = await import("./get-move-in-for-user");
const { runDueScheduledJobs } = await import("@/lib/jobs/scheduled-jobs");
// The move-in's job handlers.
await import("./move-in-jobs");
const { stopJobEngine } = await import("@/lib/jobs/job-engine");
const { renderShowDocuments, documentsForSlug } = await import("@/lib/feed/feed-documents");
const { getPublicEpisode } = await import("@/lib/episodes/get-public-episode");
const { setEpisodePublished } = await import("@/lib/episodes/set-episode-published");
const { scheduleEpisodeRelease } = await import("@/lib/episodes/schedule-episode-release");
const { resolvePublicMedia } = await import("@/lib/media/media-index");
const { saveShow } = await import("@/lib/shows/save-show");
const { deleteShow } = await import("@/lib/shows/delete-show");
const { deleteAccount } = await import("@/lib/users/delete-account");
const { podcastGuidForFeedUrl } = await import("@/lib/feed/podcast-guid");
const { feedUrl } = await import("@/lib/feed/feed-urls");

const robin = await db.user.create({ data: { auphonicUserId: "robin", username: "robin" } });
const mallory = await db.user.create({ data: { auphonicUserId: "mallory", username: "mallory" } });

afterAll(async () => {
  await stopJobEngine();
  await db.$disconnect();
  await new Promise((resolve) => server.close(resolve));
  await sandbox.close();
});

async function moveIn(userId: string, name: "locked" | "open") {
  const { moveInId } = await previewMoveIn(userId, { kind: "url", url: `${base}/${name}/feed.xml` });
  return getMoveInForUserOrThrow(userId, moveInId);
}

async function confirm(userId: string, moveInId: string, slug: string) {
  const { showId } = await startMoveIn(userId, { moveInId, slug, ownerEmail: "robin@old.example", category: "Arts" });
  for (let round = 0; round < 10; round++) {
    await runDueScheduledJobs();
    if ((await db.moveInItem.count({ where: { moveInId, state: { in: ["queued", "importing"] } } })) === 0) break;
  }
  return showId;
}

const refusal = (promise: Promise<unknown>) => promise.then(() => "no refusal", (error: Error) => error.message);

describe("proof before claiming", () => {
  it("an Auphonic production delivered to a draft show's 'publish now' connection lands as a draft", { timeout: 60_000 }, async () => {
    const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
    const { createConnection } = await import("@/lib/connections/create-connection");
    const eve = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(auphonicBase, "bob"));
    const draft = await moveIn(eve.id, "open");
    const showId = await confirm(eve.id, draft.id, "eves-open");
    const connection = await createConnection(eve.id, showId, { displayName: "Eve - Publish Now", customData: '{"publishState":"publish"}' });
    const production = await finishProduction(auphonicBase, "bob", connection.displayName);
    expect((await deliverWebhook(connection.webhookSecret, production.uuid, '{"publishState":"publish"}')).status).toBe(200);
    expect(await drainImportQueue()).toBe(1);
    expect(await db.episode.findFirstOrThrow({ where: { showId, productionUuid: production.uuid } })).toMatchObject({ importState: "ready", state: "draft", scheduledAt: null });
  });

  it("a locked feed: nothing moves in without proof, and only the account that proved it holds its guids", { timeout: 60_000 }, async () => {
    const theirs = await moveIn(mallory.id, "locked");
    expect(theirs.plan.show).toMatchObject({ isLocked: true, podcastGuid: LOCKED_GUID });
    expect(theirs.verificationCode).toMatch(/^podhaven-verify-[0-9a-f]{20}$/);
    expect(await refusal(startMoveIn(mallory.id, { moveInId: theirs.id, slug: "stolen-locked", ownerEmail: "m@example.com", category: "Arts" }))).toMatch(/locked \(podcast:locked yes\).*Verify first/);
    expect(await db.show.count({ where: { userId: mallory.id } })).toBe(0);
    // Mallory cannot put her code in Robin's feed: Verify says what is missing, and where.
    expect(await refusal(verifyMoveIn(mallory.id, theirs.id))).toContain(`does not carry the code ${theirs.verificationCode} yet. Add ${verificationLine(theirs.verificationCode)}`);

    const ours = await moveIn(robin.id, "locked");
    expect(ours.verificationCode).not.toBe(theirs.verificationCode);
    // Robin adds the exact podcast:txt line at his old host, then verifies before confirming.
    extra.locked.channel = verificationLine(ours.verificationCode);
    expect(await verifyMoveIn(robin.id, ours.id)).toEqual({ message: expect.stringMatching(/^Verified: the old feed is yours/) });
    const showId = await confirm(robin.id, ours.id, "robins-locked");
    const show = await db.show.findUniqueOrThrow({ where: { id: showId }, include: { episodes: true } });
    expect(show).toMatchObject({ isVerified: true, podcastGuid: LOCKED_GUID });
    expect(show.episodes.map((episode) => [episode.guid, episode.state]).sort()).toEqual([
      ["locked-item-1", "published"],
      ["locked-item-2", "published"],
    ]);
    expect(await db.showGuid.findUnique({ where: { podcastGuid: LOCKED_GUID } })).toMatchObject({ userId: robin.id, showId });
    expect(await renderShowDocuments(showId)).not.toBeNull();

    // Mallory, even with her code in the feed too (two accounts of one feed's owner): the first verified claim won.
    extra.locked.channel += verificationLine(theirs.verificationCode);
    await verifyMoveIn(mallory.id, theirs.id);
    expect(await refusal(confirm(mallory.id, theirs.id, "mallorys-locked"))).toMatch(/Another account's show already holds this feed's podcast:guid/);
    expect((await moveIn(mallory.id, "locked")).plan.problems[0]).toMatch(/Another account's show already holds this feed's podcast:guid/);
    expect(await db.show.findUniqueOrThrow({ where: { id: showId } })).toMatchObject({ podcastGuid: LOCKED_GUID, userId: robin.id });
  });

  it("an open feed: an unverified copy is a private draft that never blocks the owner; item guids are per show", { timeout: 60_000 }, async () => {
    const theirs = await moveIn(mallory.id, "open");
    expect(theirs.plan.show.isLocked).toBe(false);
    const theirShowId = await confirm(mallory.id, theirs.id, "mallorys-open");
    const theirShow = await db.show.findUniqueOrThrow({ where: { id: theirShowId }, include: { episodes: { include: { files: true } } } });
    // A draft show: no podcast:guid, episodes copied as drafts, nothing public, nothing publishable.
    expect(theirShow).toMatchObject({ isVerified: false, podcastGuid: null });
    expect(theirShow.episodes.map((episode) => episode.state)).toEqual(["draft", "draft"]);
    expect(await db.showGuid.count({ where: { podcastGuid: OPEN_GUID } })).toBe(0);
    expect(await renderShowDocuments(theirShowId)).toBeNull();
    expect((await documentsForSlug("mallorys-open")).kind).toBe("unknown");
    const episode = theirShow.episodes[0]!;
    expect(await getPublicEpisode("mallorys-open", episode.id)).toBeNull();
    expect(await resolvePublicMedia(episode.files.find((file) => file.isEnclosure)!.key)).toBeNull();
    expect(await refusal(setEpisodePublished(mallory.id, episode.id, true))).toMatch(/stays a draft until you prove the old feed is yours/);
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    expect(await refusal(scheduleEpisodeRelease(mallory.id, { episodeId: episode.id, publishAt: later, browserTimeZone: "UTC" }))).toMatch(/stays a draft until you prove/);
    expect((await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).state).toBe("draft");

    // The owner moves the same feed in: no conflict is reported, the same item guids live in both shows.
    const ours = await moveIn(robin.id, "open");
    expect(ours.plan.problems.join(" ")).not.toMatch(/podcast:guid/);
    const ourShowId = await confirm(robin.id, ours.id, "robins-open");
    expect(await db.episode.count({ where: { guid: "open-item-1", showId: { in: [theirShowId, ourShowId] } } })).toBe(2);
    // A wrong code (another move-in's) in the feed proves nothing.
    extra.open.description = `An open show. ${theirs.verificationCode}`;
    expect(await refusal(verifyMoveIn(robin.id, ours.id))).toMatch(new RegExp(`does not carry the code ${ours.verificationCode} yet`));
    // The code in the description is enough.
    extra.open.description = `An open show. Moving to Podhaven: ${ours.verificationCode}`;
    expect((await verifyMoveIn(robin.id, ours.id)).message).toMatch(/^Verified: the show is yours/);
    const ourShow = await db.show.findUniqueOrThrow({ where: { id: ourShowId }, include: { episodes: true } });
    expect(ourShow).toMatchObject({ isVerified: true, podcastGuid: OPEN_GUID });
    // Copied as drafts before the proof, on air after it, with their old dates.
    expect(ourShow.episodes.map((entry) => [entry.state, entry.publishedAt?.toISOString()]).sort()).toEqual([
      ["published", new Date(Date.UTC(2025, 1, 1)).toISOString()],
      ["published", new Date(Date.UTC(2025, 1, 2)).toISOString()],
    ]);
    expect((await documentsForSlug("robins-open")).kind).toBe("show");
    // Verifying again changes nothing; Mallory's draft stays a draft and cannot take the guid, even with her code there.
    expect((await verifyMoveIn(robin.id, ours.id)).message).toMatch(/^Verified/);
    extra.open.description += ` ${theirs.verificationCode}`;
    expect(await refusal(verifyMoveIn(mallory.id, theirs.id))).toMatch(/Another account's show already holds this feed's podcast:guid/);
    expect(await db.show.findUniqueOrThrow({ where: { id: theirShowId } })).toMatchObject({ isVerified: false, podcastGuid: null });
  });

  it("refuses to verify an uploaded feed that names no address of its own, in words", async () => {
    const bytes = Buffer.from(feed("open", OPEN_GUID));
    const { moveInId } = await previewMoveIn(mallory.id, { kind: "upload", bytes });
    expect((await getMoveInForUserOrThrow(mallory.id, moveInId)).plan.problems[0]).toMatch(/names no address of its own.*the show would stay a draft/);
    expect(await refusal(verifyMoveIn(mallory.id, moveInId))).toMatch(/uploaded file that names no address of its own/);
    await expect(verifyMoveIn(robin.id, moveInId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("tombstones", () => {

  it("a deleted account's addresses and podcast guids are never given to another user", async () => {
    const leaving = await db.user.create({ data: { auphonicUserId: "leaving", username: "leaving" } });
    const show = await saveShow(leaving.id, null, showInput("keepsake"), null);
    await saveShow(leaving.id, show.id, showInput("keepsake-renamed"), null);
    expect(show.podcastGuid).toBe(podcastGuidForFeedUrl(feedUrl("keepsake")));
    await deleteAccount(leaving.id);
    expect(await db.showSlug.findMany({ where: { slug: { in: ["keepsake", "keepsake-renamed"] } }, select: { userId: true, showId: true } })).toEqual([
      { userId: null, showId: null },
      { userId: null, showId: null },
    ]);
    for (const slug of ["keepsake", "keepsake-renamed"]) {
      await expect(saveShow(mallory.id, null, showInput(slug), null)).rejects.toMatchObject({ fieldErrors: { slug: [expect.stringMatching(/uses or used this address/)] } });
    }
    // Its podcast:guid too: a feed that declares it is refused at preview and at confirmation.
    expect(await db.showGuid.findUnique({ where: { podcastGuid: show.podcastGuid! } })).toMatchObject({ userId: null, showId: null });
    extra.open.description = "An open show.";
    const original = OPEN_GUID;
    const text = feed("open", original).replace(original, show.podcastGuid!).replace("<language>", `<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="${base}/open/feed.xml"/><language>`);
    const { moveInId } = await previewMoveIn(mallory.id, { kind: "upload", bytes: Buffer.from(text) });
    const preview = await getMoveInForUserOrThrow(mallory.id, moveInId);
    expect(preview.plan.problems[0]).toMatch(/belonged to a show of an account that was deleted; Podhaven never gives it to another account/);
    expect(await refusal(startMoveIn(mallory.id, { moveInId, slug: "taking-keepsake", ownerEmail: "m@example.com", category: "Arts" }))).toMatch(/account that was deleted/);
  });

  it("an unverified copy's address goes free with its account or show, so it never blocks the owner's", async () => {
    const copier = await db.user.create({ data: { auphonicUserId: "copier", username: "copier" } });
    const copy = await saveShow(copier.id, null, showInput("their-podcast"), null, { isVerified: false });
    const other = await saveShow(copier.id, null, showInput("their-other-podcast"), null, { isVerified: false });
    await deleteShow(copier.id, other.id);
    await deleteAccount(copier.id);
    expect(await db.showSlug.count({ where: { slug: { in: ["their-podcast", "their-other-podcast"] } } })).toBe(0);
    const owner = await db.user.create({ data: { auphonicUserId: "rightful", username: "rightful" } });
    for (const slug of ["their-podcast", "their-other-podcast"]) expect((await saveShow(owner.id, null, showInput(slug), null)).slug).toBe(slug);
    expect(copy.podcastGuid).toBeNull();
  });

  it("the owner keeps what a deleted show had: its address and guid come back to them only", async () => {
    const keeper = await db.user.create({ data: { auphonicUserId: "keeper", username: "keeper" } });
    const first = await saveShow(keeper.id, null, showInput("heirloom"), null);
    await deleteShow(keeper.id, first.id);
    await expect(saveShow(mallory.id, null, showInput("heirloom"), null)).rejects.toMatchObject({ fieldErrors: { slug: [expect.any(String)] } });
    const again = await saveShow(keeper.id, null, showInput("heirloom"), null);
    expect(again.podcastGuid).toBe(first.podcastGuid);
  });
});
