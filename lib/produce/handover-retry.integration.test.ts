// The hand-over's retries against answers the sandbox does not give by itself: Podhaven talks to the real sandbox
// through a forwarding proxy (lib/testing/start-forwarding-proxy.ts) that can lose the answer of a start that did
// happen (a timeout), fail an upload, or answer 429 with Retry-After. A retry must not upload again a production that
// was started, and a 429 is waited out, not the end of the hand-over.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox } from "@/lib/testing/import-harness";
import { showInput } from "@/lib/testing/show-input";
import { startForwardingProxy } from "@/lib/testing/start-forwarding-proxy";
import { api, signIn, startTestSandbox, waitFor } from "@/sandbox/test/helpers";

await createTestDatabase();
// Long enough that a production started by the first attempt is still running when the retry looks at it.
const { sandbox, base } = await startTestSandbox({ processingMs: 4_000 });
const proxy = await startForwardingProxy(base);

Object.assign(process.env, {
  AUPHONIC_BASE_URL: proxy.base,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mkdtempSync(path.join(tmpdir(), "podhaven-handover-")),
  IMPORT_WORKER: "off",
  IMPORT_RETRY_BASE_MS: "0",
  IMPORT_MAX_ATTEMPTS: "3",
});

const AUDIO = readFileSync(path.resolve("sandbox/fixtures/episode.mp3"));

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { receiveUpload } = await import("@/lib/uploads/receive-upload");
const { runNextHandover } = await import("@/lib/jobs/handover-queue");
const { uploadProductionInput } = await import("@/lib/auphonic/upload-production-input");
const { produceWithAuphonic } = await import("./produce-with-auphonic");
const { handOverProduction } = await import("./hand-over-production");

let aliceId: string;
let aliceToken: string;
let input: { userId: string; showId: string; connectionId: string; presetUuid: null; title: string; summary: string };

type LoggedRequest = { method: string; path: string };
const sandboxRequests = async (suffix: string) =>
  (await controlSandbox<{ requests: LoggedRequest[] }>(base, "/requests")).requests.filter((request) => request.path.endsWith(suffix));
const runHandover = () => runNextHandover((run) => handOverProduction(run));
const known = (uuid: string) => db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid } } });
const handoverJob = async (uuid: string) =>
  (await db.$queryRaw<{ state: string; startAfter: Date }[]>`
    SELECT state::text AS state, start_after AS "startAfter" FROM pgboss.job WHERE name = 'auphonic-handover' AND singleton_key = ${uuid}`)[0]!;
async function stage() {
  const body = new Response(new Uint8Array(AUDIO)).body;
  return (await receiveUpload(aliceId, { filename: "episode.mp3", headers: new Headers({ "content-length": String(AUDIO.length) }), body })).uploadId;
}
const isCall = (method: string, url: URL, suffix: string) => method === "POST" && url.pathname.endsWith(suffix);

beforeEach(async () => {
  proxy.intercept = null;
  proxy.rewrite = null;
  await controlSandbox(base, "/reset", {});
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'auphonic-handover'`);
  await db.knownProduction.deleteMany();
  await db.upload.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  aliceToken = await signIn(base, "alice");
  aliceId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, aliceToken)).id;
  const show = await saveShow(aliceId, null, showInput("retries"), null);
  const connection = await createConnection(aliceId, show.id, { displayName: "Retries - Publish", customData: '{"publishState":"publish"}' });
  input = { userId: aliceId, showId: show.id, connectionId: connection.id, presetUuid: null, title: "Retried", summary: "" };
  await fetch(new URL("/control/api/requests", base), { method: "DELETE" });
});

afterAll(async () => {
  await proxy.close();
  await sandbox.close();
  await db.$disconnect();
});

describe("the hand-over's retry", () => {
  it("does not upload again a production whose start timed out but happened: it is started, the upload used", async () => {
    const uploadId = await stage();
    const { productionUuid } = await produceWithAuphonic({ ...input, uploadId });
    // The start reaches Auphonic and runs; its answer is lost on the way back.
    let lost = 0;
    proxy.rewrite = (request, upstream) => (isCall(request.method, request.url, "/start.json") && lost++ === 0 ? { status: 504, body: "Gateway Timeout" } : upstream);
    expect(await runHandover()).toBe(true);
    expect(await known(productionUuid)).toMatchObject({ stage: "uploading", stageError: expect.stringMatching(/Trying again/) });

    expect(await runHandover()).toBe(true);
    expect(await known(productionUuid)).toMatchObject({ stage: "started", stageError: null });
    expect((await db.upload.findUniqueOrThrow({ where: { id: uploadId } })).usedAt).toBeInstanceOf(Date);
    expect(await sandboxRequests("/upload.json")).toHaveLength(1);
    expect(await sandboxRequests("/start.json")).toHaveLength(1);
    expect(await handoverJob(productionUuid)).toMatchObject({ state: "completed" });
  });

  it("takes a production started by hand in Auphonic between attempts as started", async () => {
    const uploadId = await stage();
    const { productionUuid } = await produceWithAuphonic({ ...input, uploadId });
    let failed = 0;
    proxy.intercept = (request) => (isCall(request.method, request.url, "/upload.json") && failed++ === 0 ? { status: 500, body: "<h1>Internal Server Error</h1>" } : undefined);
    expect(await runHandover()).toBe(true);
    expect((await known(productionUuid)).stage).toBe("uploading");

    // The creator uploads and starts it in Auphonic meanwhile.
    const file = { stream: (async function* () { yield new Uint8Array(AUDIO); })(), size: AUDIO.length, filename: "by-hand.mp3", contentType: "audio/mpeg" };
    await uploadProductionInput(aliceToken, productionUuid, { inputFile: file }, { deadlineMs: 10_000 });
    expect((await api(base, `/api/production/${productionUuid}/start.json`, aliceToken, { method: "POST" })).status).toBe(200);
    await fetch(new URL("/control/api/requests", base), { method: "DELETE" });

    expect(await runHandover()).toBe(true);
    expect(await known(productionUuid)).toMatchObject({ stage: "started", stageError: null });
    expect(await sandboxRequests("/upload.json")).toEqual([]);
    expect(await sandboxRequests("/start.json")).toEqual([]);
    expect((await db.upload.findUniqueOrThrow({ where: { id: uploadId } })).usedAt).toBeInstanceOf(Date);
  });

  it("still uploads and starts on a retry when the production was not started (Incomplete)", async () => {
    const uploadId = await stage();
    const { productionUuid } = await produceWithAuphonic({ ...input, uploadId });
    let failed = 0;
    proxy.intercept = (request) => (isCall(request.method, request.url, "/upload.json") && failed++ === 0 ? { status: 502, body: "" } : undefined);
    expect(await runHandover()).toBe(true);
    expect(await runHandover()).toBe(true);
    expect(await known(productionUuid)).toMatchObject({ stage: "started", stageError: null });
    expect(await sandboxRequests("/upload.json")).toHaveLength(1);
    expect(await sandboxRequests("/start.json")).toHaveLength(1);
  });
});

describe("a 429 from Auphonic during the hand-over", () => {
  it("is retried, not before its Retry-After, and then the hand-over completes", async () => {
    const uploadId = await stage();
    const { productionUuid } = await produceWithAuphonic({ ...input, uploadId });
    let limited = 0;
    proxy.intercept = (request) =>
      isCall(request.method, request.url, "/upload.json") && limited++ === 0
        ? { status: 429, headers: { "Content-Type": "application/json", "Retry-After": "2" }, body: JSON.stringify({ status_code: 429, error_message: "", form_errors: {}, data: null }) }
        : undefined;
    const failedAt = Date.now();
    expect(await runHandover()).toBe(true);
    expect(await known(productionUuid)).toMatchObject({ stage: "uploading", stageError: expect.stringMatching(/slow down.*Trying again/) });
    const job = await handoverJob(productionUuid);
    expect(job.state).toBe("retry");
    // IMPORT_RETRY_BASE_MS is 0 here: only Retry-After holds it back.
    expect(job.startAfter.getTime()).toBeGreaterThanOrEqual(failedAt + 2_000 - 50);
    expect(await runHandover()).toBe(false);

    await waitFor(async () => ((await runHandover()) ? true : undefined), 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(failedAt + 2_000 - 50);
    expect(await known(productionUuid)).toMatchObject({ stage: "started", stageError: null });
    expect(await sandboxRequests("/upload.json")).toHaveLength(1);
  });
});
