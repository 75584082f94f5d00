// Reconciliation against list answers the sandbox does not give: Podhaven talks to the real sandbox through the
// tests' forwarding proxy (lib/testing/start-forwarding-proxy.ts) that, when told, answers the list with hostile
// items, a non-list, a 500 or a 429 with Retry-After. Everything else (sign-in, connect.json, the list's real
// content) is the sandbox's own answer.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox, finishProduction as finishProductionIn } from "@/lib/testing/import-harness";
import { deleteImportJobs } from "@/lib/testing/import-jobs";
import { showInput } from "@/lib/testing/show-input";
import { startForwardingProxy, type ProxiedRequest, type ProxyAnswer } from "@/lib/testing/start-forwarding-proxy";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const { sandbox, base } = await startTestSandbox();

type ListFault = null | "hostile-items" | "not-a-list" | "server-error" | "server-error-after-first-page" | "rate-limited" | "slow-after-first-page" | "pages-of-30";
let listFault: ListFault = null;
const RETRY_AFTER_SECONDS = 3 * 3600;

const isList = (request: ProxiedRequest) => request.url.pathname === "/api/productions.json";
const isLaterPage = (request: ProxiedRequest) => request.url.searchParams.get("offset") !== "0";

const proxy = await startForwardingProxy(base);
// Answers of its own: a 429, a 500 that is not JSON, or a later page held back past the run's deadline.
proxy.intercept = async (request): Promise<ProxyAnswer | undefined> => {
  if (!isList(request)) return undefined;
  if (listFault === "rate-limited") {
    return {
      status: 429,
      headers: { "Content-Type": "application/json", "Retry-After": String(RETRY_AFTER_SECONDS) },
      body: JSON.stringify({ status_code: 429, error_code: null, error_message: "", form_errors: {}, data: null }),
    };
  }
  if (listFault === "slow-after-first-page" && isLaterPage(request)) await new Promise((resolve) => setTimeout(resolve, 10_000));
  if (listFault === "server-error" || (listFault === "server-error-after-first-page" && isLaterPage(request))) {
    return { status: 500, headers: { "Content-Type": "text/html" }, body: "<h1>Internal Server Error</h1>" };
  }
  return undefined;
};
// The sandbox's real list, changed on its way back: shortened pages, hostile items, or not a list at all.
proxy.rewrite = (request, upstream): ProxyAnswer => {
  if (!isList(request) || (listFault !== "pages-of-30" && listFault !== "hostile-items" && listFault !== "not-a-list")) return upstream;
  const envelope = JSON.parse(upstream.body) as { data: unknown[] };
  if (listFault === "pages-of-30") {
    // A server whose largest page is 30, whatever `limit` asks for.
    envelope.data = envelope.data.slice(0, 30);
  } else {
    const real = envelope.data;
    envelope.data =
      listFault === "not-a-list"
        ? ({ productions: real } as unknown as unknown[])
        : [
            { status: 3, status_string: "Done", outgoing_services: [{ uuid: "whatever" }] }, // no uuid
            { uuid: "../../api/user", status: 3 },
            { uuid: "x".repeat(5_000) },
            null,
            42,
            "a production",
            [],
            ...real,
            { uuid: "HostileHostileHostile1", status: "3; DROP TABLE", metadata: { title: "\u0000nul\u0007".repeat(400) }, outgoing_services: { uuid: 1 }, creation_time: "yesterday", in_review: "no" },
          ];
  }
  return { ...upstream, body: JSON.stringify(envelope) };
};

Object.assign(process.env, {
  AUPHONIC_BASE_URL: proxy.base,
  APP_URL: "http://localhost:3999",
  IMPORT_WORKER: "off",
  AUPHONIC_RECONCILE_MS: String(15 * 60_000),
});

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { reconcileUser } = await import("@/lib/reconcile/reconcile-user");
const { scheduleReconciliation } = await import("@/lib/reconcile/schedule-reconciliation");
const { runDueScheduledJobs } = await import("@/lib/jobs/scheduled-jobs");
const { AppError } = await import("@/lib/errors");

let aliceId: string;
let publish: { id: string; displayName: string };

beforeEach(async () => {
  listFault = null;
  await controlSandbox(base, "/reset", {});
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name IN ('scheduled', 'auphonic-reconcile')`;
  await deleteImportJobs(db);
  await db.delivery.deleteMany();
  await db.episode.deleteMany();
  await db.knownProduction.deleteMany();
  await db.auphonicSync.deleteMany();
  await db.connection.deleteMany();
  await db.show.deleteMany();
  await db.showSlug.deleteMany();
  aliceId = (await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"))).id;
  const show = await saveShow(aliceId, null, showInput("hostile"), null);
  publish = await createConnection(aliceId, show.id, { displayName: "Hostile - Publish", customData: '{"publishState":"publish"}' });
});

afterAll(async () => {
  await proxy.close();
  await sandbox.close();
  await db.$disconnect();
});

async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as InstanceType<typeof AppError>;
}

describe("reconciliation against hostile list answers", () => {
  it("skips items without a valid uuid and reads odd fields as absent, importing the real production", async () => {
    const production = await finishProductionIn(base, "alice", publish.displayName);
    listFault = "hostile-items";
    const report = await reconcileUser(aliceId);
    expect(report.listed).toBe(2);
    expect(report.imported).toEqual([expect.objectContaining({ productionUuid: production.uuid, connectionId: publish.id })]);
    const hostile = await db.knownProduction.findUniqueOrThrow({ where: { userId_uuid: { userId: aliceId, uuid: "HostileHostileHostile1" } } });
    // Status unreadable: not finished, so not imported; its title stored without control characters, shortened.
    expect(hostile).toMatchObject({ status: null, inReview: false, serviceUuids: [], createdAt: null });
    expect(hostile.title).not.toMatch(/[\u0000-\u001f]/);
    expect(hostile.title.length).toBeLessThanOrEqual(500);
    expect(await db.knownProduction.count()).toBe(2);
    expect(await db.episode.count()).toBe(1);
  });

  it("refuses a list that is not a list, with a clear error, and imports nothing", async () => {
    await finishProductionIn(base, "alice", publish.displayName);
    listFault = "not-a-list";
    const error = await errorOf(reconcileUser(aliceId));
    expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
    expect(error.message).toMatch(/list of productions that cannot be read/);
    expect(await db.episode.count()).toBe(0);
    expect(await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).toMatchObject({ failures: 1, lastError: error.message });
  });

  it("a 500 that is not JSON: AUPHONIC_UNAVAILABLE", async () => {
    listFault = "server-error";
    const error = await errorOf(reconcileUser(aliceId));
    expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
    expect(error.message).toMatch(/Auphonic/);
  });

  it("an error on a later page keeps what the earlier pages found", async () => {
    await controlSandbox(base, "/productions", { username: "alice", display_name: publish.displayName, deliver: false, count: 150 });
    listFault = "server-error-after-first-page";
    const error = await errorOf(reconcileUser(aliceId));
    expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
    expect(await db.knownProduction.count()).toBe(100);
    expect(await db.episode.count()).toBe(100);

    listFault = null;
    const report = await reconcileUser(aliceId);
    // The second page is short; the third, empty, is the end.
    expect(report).toMatchObject({ pages: 3, listed: 150 });
    expect(report.imported).toHaveLength(50);
    expect(await db.episode.count()).toBe(150);
  });

  it("reads on past a short page (a smaller largest page than asked for), without a gap, to the empty one", async () => {
    const productions = (
      await controlSandbox<{ productions: { uuid: string }[] }>(base, "/productions", { username: "alice", display_name: publish.displayName, deliver: false, count: 75 })
    ).productions;
    listFault = "pages-of-30";
    const report = await reconcileUser(aliceId);
    expect(report).toMatchObject({ pages: 4, requests: 4, listed: 75 });
    expect(new Set(report.imported.map((item) => item.productionUuid))).toEqual(new Set(productions.map((production) => production.uuid)));
  });

  it("a run that outlasts its deadline stops, keeps what it found, and says why", { timeout: 30_000 }, async () => {
    await controlSandbox(base, "/productions", { username: "alice", display_name: publish.displayName, deliver: false, count: 150 });
    listFault = "slow-after-first-page";
    const startedAt = Date.now();
    const error = await errorOf(reconcileUser(aliceId, { deadlineMs: 3_000 }));
    // Stopped at the deadline, not after the slow page's 10 seconds.
    expect(Date.now() - startedAt).toBeLessThan(8_000);
    expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
    expect(error.message).toMatch(/answered too slowly: the check stopped after 3 seconds/);
    expect(await db.knownProduction.count()).toBe(100);
    expect(await db.episode.count()).toBe(100);
    expect(await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } })).toMatchObject({ failures: 1, lastError: error.message });
  });

  it("a 429: RATE_LIMITED with Retry-After, and the scheduled run waits at least that long", async () => {
    listFault = "rate-limited";
    const error = await errorOf(reconcileUser(aliceId));
    expect(error).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: RETRY_AFTER_SECONDS * 1000 });
    expect(error.message).toMatch(/too many requests/);

    await scheduleReconciliation(aliceId);
    expect(await runDueScheduledJobs({ queue: "reconcile" })).toBe(1);
    const sync = await db.auphonicSync.findUniqueOrThrow({ where: { userId: aliceId } });
    expect(sync.failures).toBe(2);
    // Two errors in a row would be an hour (±20%); Auphonic asked for three.
    expect(sync.nextRunAt!.getTime() - Date.now()).toBeGreaterThan(RETRY_AFTER_SECONDS * 1000 - 10_000);
    const [job] = await db.$queryRaw<{ startAfter: Date }[]>`SELECT start_after AS "startAfter" FROM pgboss.job WHERE name = 'auphonic-reconcile' AND state = 'created'`;
    expect(job!.startAfter.getTime()).toBe(sync.nextRunAt!.getTime());
  });
});
