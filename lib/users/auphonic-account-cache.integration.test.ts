// The dashboard's Auphonic account details, stored instead of read live: a real sandbox over HTTP (a forwarding
// proxy in front of it for answers it does not give), a real Postgres, the real job engine. Sign-in stores them,
// the background refresh updates them or records why it could not, and hostile answers never replace them.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox } from "@/lib/testing/import-harness";
import { startForwardingProxy } from "@/lib/testing/start-forwarding-proxy";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const { sandbox, base } = await startTestSandbox();
const proxy = await startForwardingProxy(base);
Object.assign(process.env, {
  AUPHONIC_BASE_URL: proxy.base,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mkdtempSync(path.join(tmpdir(), "podhaven-account-cache-")),
  IMPORT_WORKER: "off",
});

const { db } = await import("@/lib/db");
const { authOptions } = await import("@/lib/auth");
const { refreshAuphonicAccount } = await import("./refresh-auphonic-account");
const { scheduleAuphonicAccountRefresh } = await import("./schedule-auphonic-account-refresh");
const { getCachedAuphonicAccount } = await import("./get-cached-auphonic-account");
const { AUPHONIC_ACCOUNT_MAX_AGE_MS, AUPHONIC_ACCOUNT_RETRY_MS } = await import("./describe-auphonic-account-cache");
const { runDueScheduledJobs } = await import("@/lib/jobs/scheduled-jobs");

const ALICE_ID = "4e7594097e58d8f58a90a9fdceae250d";
const MINUTE = 60_000;

/** Signs in as next-auth does after Auphonic's redirect, with a real sandbox token and the profile Auphonic gave. */
async function signInAlice(credits = 16.4): Promise<{ id: string; token: string }> {
  const token = await signIn(base, "alice");
  const profile = { userId: ALICE_ID, username: "alice", email: "alice@example.com", credits };
  const jwt = authOptions.callbacks!.jwt!;
  await jwt({ token: {}, account: { provider: "auphonic", access_token: token, type: "oauth", providerAccountId: ALICE_ID }, profile } as never);
  const user = await db.user.findUniqueOrThrow({ where: { auphonicUserId: ALICE_ID } });
  return { id: user.id, token };
}

beforeEach(async () => {
  proxy.intercept = null;
  proxy.rewrite = null;
  await controlSandbox(base, "/faults", { api500: 0, apiDelayMs: 0 });
  await db.user.deleteMany();
});

afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

describe("the stored Auphonic account", () => {
  it("is stored at sign-in from Auphonic's profile, as of then, and needs no refresh for a while", async () => {
    const before = Date.now();
    const { id } = await signInAlice(7.25);
    const account = await getCachedAuphonicAccount(id);
    expect(account).toMatchObject({ username: "alice", credits: 7.25, failure: null, isRefused: false, isRefreshing: false, needsRefresh: false });
    expect(account.asOf!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const later = await getCachedAuphonicAccount(id, new Date(Date.now() + AUPHONIC_ACCOUNT_MAX_AGE_MS + MINUTE));
    expect(later.needsRefresh).toBe(true);
  });

  it("is refreshed by the background job: Auphonic's credits replace the stored ones, and one pending job per creator", async () => {
    const { id } = await signInAlice(1);
    expect(await scheduleAuphonicAccountRefresh(id)).toBe(true);
    expect(await scheduleAuphonicAccountRefresh(id)).toBe(false); // the same key: still one pending refresh
    expect((await getCachedAuphonicAccount(id)).isRefreshing).toBe(true);
    await runDueScheduledJobs({ queue: "housekeeping" });
    const account = await getCachedAuphonicAccount(id);
    expect(account).toMatchObject({ username: "alice", credits: 16.4, isRefreshing: false, failure: null });
  });

  it("keeps the last details when Auphonic fails, says when and why, and asks again only after a pause", async () => {
    const { id } = await signInAlice(3);
    const asOf = (await getCachedAuphonicAccount(id)).asOf;
    await controlSandbox(base, "/faults", { api500: 1 });
    expect(await refreshAuphonicAccount(id)).toBe("failed");
    const account = await getCachedAuphonicAccount(id);
    expect(account).toMatchObject({ credits: 3, asOf, isRefused: false });
    expect(account.failure?.message).toMatch(/Auphonic/);
    const soon = new Date(Date.now() + AUPHONIC_ACCOUNT_MAX_AGE_MS + MINUTE);
    expect((await getCachedAuphonicAccount(id, soon)).needsRefresh).toBe(true);
    // Details old and the failure recent: no new request yet.
    await db.user.update({ where: { id }, data: { auphonicAccountAsOf: new Date(Date.now() - 2 * AUPHONIC_ACCOUNT_MAX_AGE_MS) } });
    expect((await getCachedAuphonicAccount(id)).needsRefresh).toBe(false);
    expect((await getCachedAuphonicAccount(id, new Date(Date.now() + AUPHONIC_ACCOUNT_RETRY_MS + 1000))).needsRefresh).toBe(true);

    expect(await refreshAuphonicAccount(id)).toBe("refreshed");
    expect(await getCachedAuphonicAccount(id)).toMatchObject({ credits: 16.4, failure: null });
  });

  it("records a refused token for the dashboard's reconnect prompt, without ending the sessions; a sign-in clears it", async () => {
    const { id } = await signInAlice();
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id } });
    await controlSandbox(base, "/users/alice/revoke", {});
    expect(await refreshAuphonicAccount(id)).toBe("refused");
    const account = await getCachedAuphonicAccount(id);
    expect(account).toMatchObject({ isRefused: true, needsRefresh: false, username: "alice", credits: 16.4 });
    expect(account.failure?.message).toContain("no longer accepts");
    const user = await db.user.findUniqueOrThrow({ where: { id } });
    expect(user).toMatchObject({ sessionVersion, auphonicTokenInvalid: false });

    await signInAlice();
    expect(await getCachedAuphonicAccount(id)).toMatchObject({ isRefused: false, failure: null });
  });

  it("a refresh that asked with a token replaced meanwhile by a sign-in writes nothing", async () => {
    const { id } = await signInAlice(2);
    await controlSandbox(base, "/users/alice/revoke", {});
    // The old token is refused, but while Auphonic answers, the creator signs in again with a new one.
    const racingFetch: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      await signInAlice(5);
      return answer;
    };
    expect(await refreshAuphonicAccount(id, { fetchImpl: racingFetch })).toBe("refused");
    expect(await getCachedAuphonicAccount(id)).toMatchObject({ isRefused: false, failure: null, credits: 5 });
  });

  it("asks nothing for a creator whose token is already marked refused, and ends the pending refresh as refused", async () => {
    const { id } = await signInAlice();
    await db.user.update({ where: { id }, data: { auphonicTokenInvalid: true } });
    let asked = 0;
    proxy.intercept = () => {
      asked++;
      return undefined;
    };
    await scheduleAuphonicAccountRefresh(id);
    expect(await refreshAuphonicAccount(id)).toBe("skipped");
    expect(asked).toBe(0);
    // The refresh asked for is over (the dashboard stops saying it checks), and it says why.
    expect(await getCachedAuphonicAccount(id)).toMatchObject({ isRefreshing: false, isRefused: true, needsRefresh: false });
  });

  const hostileAnswers: [string, { status: number; body: string; headers?: Record<string, string> }][] = [
    ["not JSON", { status: 200, body: "<html>I am a proxy</html>", headers: { "Content-Type": "text/html" } }],
    ["JSON without data", { status: 200, body: JSON.stringify({ status_code: 200 }) }],
    ["credits that are not a number", { status: 200, body: JSON.stringify({ status_code: 200, data: { user_id: ALICE_ID, username: "alice", credits: "lots" } }) }],
    ["a username of 10,000 characters", { status: 200, body: JSON.stringify({ status_code: 200, data: { user_id: ALICE_ID, username: "a".repeat(10_000), credits: 1 } }) }],
    ["an empty username", { status: 200, body: JSON.stringify({ status_code: 200, data: { user_id: ALICE_ID, username: "", credits: 1 } }) }],
    ["a 503 with an HTML page", { status: 503, body: "<h1>Service Unavailable</h1>", headers: { "Content-Type": "text/html" } }],
    ["an error message of 100,000 characters", { status: 500, body: JSON.stringify({ status_code: 500, error_message: "x".repeat(100_000) }) }],
  ];
  for (const [name, answer] of hostileAnswers) {
    it(`keeps the stored details when Auphonic answers ${name}, and records a short reason`, async () => {
      const { id } = await signInAlice(4.5);
      proxy.intercept = (request) => (request.url.pathname === "/api/user.json" ? answer : undefined);
      expect(await refreshAuphonicAccount(id)).toBe("failed");
      const account = await getCachedAuphonicAccount(id);
      expect(account).toMatchObject({ username: "alice", credits: 4.5, isRefused: false });
      expect(account.failure!.message.length).toBeGreaterThan(0);
      expect(account.failure!.message.length).toBeLessThanOrEqual(500);
    });
  }
});
