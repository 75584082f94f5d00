// Fair work: a move-in whose old host trickles its enclosures (one byte every 20 s, over real HTTP) occupies only
// the move-in queue's loops. Another creator's Auphonic import and a scheduled release, run by the same worker
// (startImportWorker, as `npm run worker` runs it), finish within a few seconds while the trickles go on.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";
import { deliverWebhook, finishProduction } from "@/lib/testing/import-harness";
import { signIn, startTestSandbox, waitFor } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-fair-work-"));
const AUDIO = readFileSync(path.resolve("sandbox/fixtures/episode.mp3"));
const DRIPS = 3;
const DRIP_INTERVAL_MS = 20_000;

// The old host: a feed of three episodes whose enclosures answer at once, then send one byte every 20 s.
const dripping = new Set<ServerResponse>();
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname === "/feed.xml") {
    const items = Array.from(
      { length: DRIPS },
      (_, index) => `<item><title>Slow ${index + 1}</title><guid>slow-${index + 1}</guid><enclosure url="${base}/audio/${index + 1}.mp3" length="${AUDIO.length}" type="audio/mpeg"/></item>`,
    ).join("");
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Trickle</title><link>https://old.example</link><description>d</description>${items}</channel></rss>`;
    return response.writeHead(200, { "Content-Type": "application/rss+xml" }).end(xml);
  }
  if (url.pathname.startsWith("/audio/")) {
    response.writeHead(200, { "Content-Type": "audio/mpeg", "Content-Length": AUDIO.length });
    dripping.add(response);
    let sent = 0;
    const drip = () => {
      if (response.destroyed) return clearInterval(timer);
      response.write(AUDIO.subarray(sent, sent + 1));
      sent++;
    };
    const timer = setInterval(drip, DRIP_INTERVAL_MS);
    drip();
    response.on("close", () => {
      clearInterval(timer);
      dripping.delete(response);
    });
    return;
  }
  response.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { sandbox, base: auphonicBase } = await startTestSandbox();
Object.assign(process.env, {
  AUPHONIC_BASE_URL: auphonicBase,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mediaDir,
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  WORKER_POLL_MS: "50",
  WORKER_STOP_GRACE_MS: "200",
  // No minimum rate here: the trickles must go on for the whole test, so only the queues keep the work apart.
  FETCH_MIN_BYTES_PER_SEC: "0",
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { previewMoveIn } = await import("@/lib/move-in/preview-move-in");
const { startMoveIn } = await import("@/lib/move-in/start-move-in");
const { queueScheduledRelease } = await import("@/lib/episodes/publish-scheduled-episode");
const { startImportWorker } = await import("./import-worker");
const { stopJobEngine } = await import("./job-engine");

afterAll(async () => {
  for (const response of dripping) response.destroy();
  await new Promise((resolve) => server.close(resolve));
  await stopJobEngine();
  await sandbox.close();
  await db.$disconnect();
});

describe("fair work", () => {
  it("three trickling move-in downloads delay neither another creator's Auphonic import nor a scheduled release", { timeout: 60_000 }, async () => {
    const mover = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(auphonicBase, "alice"));
    const creator = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(auphonicBase, "bob"));
    const show = await saveShow(creator.id, null, showInput("punctual"), null);
    const connection = await createConnection(creator.id, show.id, { displayName: "Punctual - Draft", customData: '{"publishState":"draft"}' });

    const { moveInId } = await previewMoveIn(mover.id, { kind: "url", url: `${base}/feed.xml` });
    await startMoveIn(mover.id, { moveInId, slug: "trickle", ownerEmail: "mover@example.com", category: "Arts" });

    const worker = startImportWorker();
    try {
      // The move-in queue's loops (two by default) are each held by a trickling download.
      await waitFor(() => (dripping.size >= 2 ? true : undefined), 10_000);

      const started = Date.now();
      const production = await finishProduction(auphonicBase, "bob", connection.displayName);
      expect((await deliverWebhook(connection.webhookSecret, production.uuid, '{"publishState":"draft"}')).status).toBe(200);
      const episode = await waitFor(async () => {
        const found = await db.episode.findFirst({ where: { productionUuid: production.uuid } });
        return found?.importState === "ready" ? found : undefined;
      }, 15_000);
      const importMs = Date.now() - started;

      const at = new Date();
      await db.episode.update({ where: { id: episode.id }, data: { scheduledAt: at } });
      await queueScheduledRelease(episode.id, at);
      await waitFor(async () => ((await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).state === "published" ? true : undefined), 15_000);
      const releaseMs = Date.now() - at.getTime();
      console.log(`fair work: import done in ${importMs} ms, release in ${releaseMs} ms, with ${dripping.size} downloads trickling`);

      // The trickles went on all the while: the move-in's items are still copying, none has finished.
      expect(dripping.size).toBeGreaterThanOrEqual(2);
      const items = await db.moveInItem.findMany({ where: { moveInId } });
      expect(items.filter((item) => item.state === "importing").length).toBeGreaterThanOrEqual(2);
      expect(items.filter((item) => item.state === "done")).toHaveLength(0);
    } finally {
      // Stopping takes no longer than the grace: the held copies give up (their jobs are retried later).
      const stopping = Date.now();
      await worker.stop();
      expect(Date.now() - stopping).toBeLessThan(10_000);
    }
  });
});
