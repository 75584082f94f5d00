// Account actions end to end: a real sandbox over HTTP, a real Postgres, real stored files (local, or S3 with
// STORAGE_DRIVER=s3). Imports that failed for want of a token retry by themselves after a sign-in; deleting the
// account removes its media from storage at once.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { deleteImportJobs } from "@/lib/testing/import-jobs";
import { controlSandbox, deliverWebhook, drainImportQueue, finishProduction } from "@/lib/testing/import-harness";
import { showInput } from "@/lib/testing/show-input";
import { putStored, storedKeys } from "@/lib/testing/stored-media";
import { signIn, startTestSandbox, waitFor } from "@/sandbox/test/helpers";

await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-account-"));
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
const { deleteAccount } = await import("@/lib/users/delete-account");
const { authOptions } = await import("@/lib/auth");

const control = (pathname: string, body?: unknown) => controlSandbox(base, pathname, body);
const PUBLISH = '{"publishState":"publish"}';

/** Signs in as next-auth does after Auphonic's redirect: its jwt callback stores the token and starts what follows. */
async function signInThroughCallback(username: string) {
  const jwt = authOptions.callbacks!.jwt!;
  const profile = { userId: `${username}-id`, username, email: null, credits: 1 };
  const account = { provider: "auphonic", type: "oauth", providerAccountId: profile.userId, access_token: await signIn(base, username) };
  await jwt({ token: {}, account, profile } as unknown as Parameters<typeof jwt>[0]);
}

let aliceId: string;
let connection: { id: string; webhookSecret: string; displayName: string };

beforeEach(async () => {
  await control("/reset", {});
  await deleteImportJobs(db);
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name IN ('scheduled', 'auphonic-reconcile')`;
  await db.user.deleteMany();
  aliceId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"))).id;
  const show = await saveShow(aliceId, null, showInput(`account-${Date.now()}`), null);
  connection = await createConnection(aliceId, show.id, { displayName: "Account - Publish", customData: PUBLISH });
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("imports that failed for want of a token", () => {
  it("retry by themselves after the creator signs in again, and end ready", { timeout: 60_000 }, async () => {
    const production = await finishProduction(base, "alice", connection.displayName);
    const other = await finishProduction(base, "alice", connection.displayName);
    await control("/users/alice/revoke", {});
    expect((await deliverWebhook(connection.webhookSecret, production.uuid, PUBLISH)).status).toBe(200);
    expect((await deliverWebhook(connection.webhookSecret, other.uuid, PUBLISH)).status).toBe(200);
    await drainImportQueue();
    const failed = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } });
    expect(failed).toMatchObject({ importState: "failed", importErrorKind: "podhaven", importError: expect.stringMatching(/^Reconnect your Auphonic account/) });
    // An import that failed for another reason is the creator's to retry, not the sign-in's.
    await db.episode.updateMany({ where: { productionUuid: other.uuid }, data: { importError: "The download was cut off.", importErrorKind: "podhaven" } });

    await signInThroughCallback("alice");
    // The sign-in queues the retry without waiting for it (a sign-in never fails for it).
    await waitFor(async () => ((await db.episode.findUniqueOrThrow({ where: { id: failed.id } })).importState === "queued" ? true : undefined));
    expect(await drainImportQueue()).toBe(1);
    expect(await db.episode.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ importState: "ready", importError: null, importErrorKind: null, audioVersion: 1 });
    expect(await db.episode.findFirstOrThrow({ where: { productionUuid: other.uuid } })).toMatchObject({ importState: "failed", importError: "The download was cut off." });
  });

  it("of another creator stay as they are when one creator signs in", { timeout: 60_000 }, async () => {
    const production = await finishProduction(base, "alice", connection.displayName);
    await control("/users/alice/revoke", {});
    await deliverWebhook(connection.webhookSecret, production.uuid, PUBLISH);
    await drainImportQueue();
    await signInThroughCallback("bob");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } })).toMatchObject({ importState: "failed" });
  });
});

describe("deleting the account", () => {
  it("removes its media from storage at once: episodes, show covers and staged uploads", { timeout: 60_000 }, async () => {
    const production = await finishProduction(base, "alice", connection.displayName);
    await deliverWebhook(connection.webhookSecret, production.uuid, PUBLISH);
    await drainImportQueue();
    const episode = await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } });
    expect(episode.importState).toBe("ready");
    expect(await storedKeys(`episodes/${episode.id}/`)).not.toEqual([]);
    await putStored(`shows/${episode.showId}/cover-0123456789abcdef.jpg`, "cover");
    await putStored(`uploads/${aliceId}/u1/audio.mp3`, "staged");
    // Another creator's files stay.
    const bob = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"));
    await putStored(`uploads/${bob.id}/u2/audio.mp3`, "theirs");

    await deleteAccount(aliceId);
    expect(await storedKeys(`episodes/${episode.id}/`)).toEqual([]);
    expect(await storedKeys(`shows/${episode.showId}/`)).toEqual([]);
    expect(await storedKeys(`uploads/${aliceId}/`)).toEqual([]);
    expect(await storedKeys(`uploads/${bob.id}/`)).toEqual([`uploads/${bob.id}/u2/audio.mp3`]);
    // Nothing left for the hourly job: it was all removed now.
    expect(await db.retiredMedia.count({ where: { showId: episode.showId } })).toBe(0);
  });
});
