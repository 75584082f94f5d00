// A move-in of an old feed built against the expressions move-in once ran: a 1 MB channel description ending in an
// unclosed tag of '<' (the tag stripping took minutes), an empty itunes:new-feed-url padded with 1 MB of spaces (the
// redirect check's lookup likewise), a 50,000-character title and 1 MB of episode notes (which went into the feed
// as they were). Preview, confirmation, the copy and the redirect check each answer in seconds, and the moved-in
// text is shortened to the forms' limits with the report saying so.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-hostile-move-in-"));
const AUDIO = readFileSync(path.resolve("sandbox/fixtures", "episode.mp3"));
const MB = 1_000_000;
const LONG_TITLE = "T".repeat(50_000);

const hostileFeed = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>${LONG_TITLE}</title>
  <description><![CDATA[<p>Our show.</p>${"<b>x</b> ".repeat(MB / 10)}<a ${"<".repeat(MB)}]]></description>
  <language>en</language>
  <itunes:new-feed-url>${" ".repeat(MB)}</itunes:new-feed-url>
  <itunes:owner><itunes:name>Robin</itunes:name><itunes:email>robin@old.example</itunes:email></itunes:owner>
  <item>
    <title>${"E".repeat(50_000)}</title>
    <guid isPermaLink="false">hostile-1</guid>
    <content:encoded><![CDATA[${"_a".repeat(MB / 2)}]]></content:encoded>
    <enclosure url="${base}/audio.mp3" length="${AUDIO.length}" type="audio/mpeg"/>
  </item>
  <item>
    <title>A plain one</title>
    <guid isPermaLink="false">plain-1</guid>
    <description>Short notes.</description>
    <enclosure url="${base}/audio.mp3" length="${AUDIO.length}" type="audio/mpeg"/>
  </item>
</channel>
</rss>`;

function handle(request: IncomingMessage, response: ServerResponse) {
  const send = (status: number, body: string | Buffer, type: string) => response.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) }).end(body);
  if (request.url === "/feed.xml") return send(200, hostileFeed(), "application/rss+xml");
  if (request.url === "/audio.mp3") return send(200, AUDIO, "audio/mpeg");
  return send(404, "not here", "text/plain");
}

const server = createServer(handle);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
Object.assign(process.env, { APP_URL: base, AUPHONIC_BASE_URL: "http://127.0.0.1:9", MEDIA_DIR: mediaDir, IMPORT_WORKER: "off", IMPORT_RETRY_BASE_MS: "0" });

const { db } = await import("@/lib/db");
const { previewMoveIn } = await import("./preview-move-in");
const { startMoveIn, showDefaultsOf } = await import("./start-move-in");
const { getMoveInForUserOrThrow } = await import("./get-move-in-for-user");
const { checkOldFeedRedirect } = await import("./check-old-feed-redirect");
const { runDueScheduledJobs } = await import("@/lib/jobs/scheduled-jobs");
await import("./move-in-jobs");
const { stopJobEngine } = await import("@/lib/jobs/job-engine");

const user = await db.user.create({ data: { auphonicUserId: "hostile-robin", username: "hostile-robin" } });

afterAll(async () => {
  await stopJobEngine();
  await db.$disconnect();
  await new Promise((resolve) => server.close(resolve));
});

/** Runs `work`, failing it when it takes longer than `ms` (the old expressions took minutes on this feed). */
async function quickly<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe("moving in a hostile feed", () => {
  it("previews, confirms, copies and checks the redirect in seconds, with the text shortened and the report saying so", { timeout: 120_000 }, async () => {
    const { moveInId } = await quickly(20_000, () => previewMoveIn(user.id, { kind: "url", url: `${base}/feed.xml` }));
    const preview = await getMoveInForUserOrThrow(user.id, moveInId);
    expect(preview.plan.show.title).toHaveLength(255);
    expect(preview.plan.problems).toEqual(
      expect.arrayContaining([
        "The show's title has 50,000 characters, more than the 255 the show form takes: it was shortened.",
        expect.stringMatching(/^The show's description has [\d,]+ characters, more than the 4,000 the show form takes/),
        "One episode has a title or notes longer than the episode form takes: shortened to fit, as each episode's line in the report says.",
      ]),
    );

    const { showId } = await quickly(20_000, () => startMoveIn(user.id, { moveInId, ...showDefaultsOf(preview.plan.show), slug: "hostile-show" }));
    const show = await db.show.findUniqueOrThrow({ where: { id: showId } });
    expect(show.title).toBe(`${"T".repeat(254)}…`);
    expect(show.description.startsWith("Our show.\n\nx x x")).toBe(true);
    expect(show.description.length).toBeLessThanOrEqual(4000);
    expect(show.description).not.toContain("<");

    const TITLE_NOTE = "Its title had 50,000 characters in the old feed, more than the 300 the episode form takes: shortened.";
    const NOTES_NOTE = "Its notes had 1,000,000 characters in the old feed, more than the 10,000 the episode form takes: shortened.";
    // Said from the start, before anything is copied.
    const started = await getMoveInForUserOrThrow(user.id, moveInId);
    expect(started.items.map((item) => item.warnings)).toEqual([[TITLE_NOTE, NOTES_NOTE], []]);
    expect(started.showProblems).toEqual([expect.stringMatching(/^The show's title has 50,000/), expect.stringMatching(/^The show's description has/)]);

    await quickly(60_000, async () => {
      for (let round = 0; round < 20 && (await db.moveInItem.count({ where: { moveInId, state: { in: ["queued", "importing"] } } })) > 0; round++) await runDueScheduledJobs();
    });
    const moved = await getMoveInForUserOrThrow(user.id, moveInId);
    expect(moved.items.map((item) => [item.state, item.warnings])).toEqual([
      ["done", [TITLE_NOTE, NOTES_NOTE]],
      ["done", []],
    ]);
    const episode = await db.episode.findFirstOrThrow({ where: { showId, guid: "hostile-1" } });
    expect(episode.title).toBe(`${"E".repeat(299)}…`);
    expect(episode.summary).toHaveLength(10_000);
    expect(await db.episode.findFirstOrThrow({ where: { showId, guid: "plain-1" }, select: { title: true, summary: true } })).toEqual({ title: "A plain one", summary: "Short notes." });

    // The old feed names no new address (an empty itunes:new-feed-url behind 1 MB of spaces).
    const check = await quickly(20_000, () => checkOldFeedRedirect(user.id, moveInId));
    expect(check.outcome).toBe("not-yet");
  });
});
