// "Check Auphonic now": one reconciliation against a real sandbox, its outcome, its per-creator limit, its errors.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox, finishProduction } from "@/lib/testing/import-harness";
import { deleteImportJobs } from "@/lib/testing/import-jobs";
import { showInput } from "@/lib/testing/show-input";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, {
  AUPHONIC_BASE_URL: base,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mkdtempSync(path.join(tmpdir(), "podhaven-media-")),
  IMPORT_WORKER: "off",
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { checkAuphonicNow } = await import("@/lib/productions/check-auphonic-now");
const { isAppError } = await import("@/lib/errors");

let aliceId: string;
let publishName: string;

beforeEach(async () => {
  await controlSandbox(base, "/reset", {});
  await deleteImportJobs(db);
  await db.delivery.deleteMany();
  await db.episode.deleteMany();
  await db.knownProduction.deleteMany();
  await db.auphonicSync.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  await db.$executeRaw`DELETE FROM "RateLimit"`;
  const alice = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"));
  aliceId = alice.id;
  const show = await saveShow(aliceId, null, showInput("family"), null);
  publishName = (await createConnection(aliceId, show.id, { displayName: "Family - Publish Now", customData: '{"publishState":"publish"}' })).displayName;
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("checkAuphonicNow", () => {
  it("finds a production whose webhook was lost and imports it, once; a failed one is counted", async () => {
    const lost = await finishProduction(base, "alice", publishName);
    await finishProduction(base, "alice", publishName, { status: "Error" });
    expect(await checkAuphonicNow(aliceId)).toMatchObject({ newProductions: 2, imported: 1, failed: 1 });
    expect(await db.episode.findMany({ select: { productionUuid: true } })).toEqual([{ productionUuid: lost.uuid }]);
    expect((await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).lastSuccessAt).toBeInstanceOf(Date);

    expect(await checkAuphonicNow(aliceId)).toMatchObject({ newProductions: 0, imported: 0 });
    expect(await db.episode.count()).toBe(1);
  });

  it("is limited per creator: the seventh check within the hour is refused, with how long to wait; another creator is not", async () => {
    // Bob here: a creator over the limit is refused from memory for the rest of the hour (lib/quotas/consume-rate-limit.ts).
    const bob = await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"));
    for (let check = 0; check < 6; check++) await checkAuphonicNow(bob.id);
    const error = await checkAuphonicNow(bob.id).catch((thrown: unknown) => thrown);
    expect(isAppError(error, "TOO_MANY_REQUESTS")).toBe(true);
    expect((error as Error).message).toMatch(/checked Auphonic 6 times this hour.*Try again in \d+ minutes?/);
    await expect(checkAuphonicNow(aliceId)).resolves.toMatchObject({ imported: 0 });
  });

  it("passes Auphonic's refusal of the token on, so the page offers to reconnect", async () => {
    await controlSandbox(base, "/users/alice/revoke", {});
    const error = await checkAuphonicNow(aliceId).catch((thrown: unknown) => thrown);
    expect(isAppError(error, "AUPHONIC_UNAUTHORIZED")).toBe(true);
    expect((await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).lastError).not.toBeNull();
  });
});
