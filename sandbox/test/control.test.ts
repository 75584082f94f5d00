import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, readConfigFromEnv } from "../config.js";
import { api, connect, control, signIn, startTestSandbox, type TestSandbox } from "./helpers.js";

type StateBody = {
  users: { username: string; user_id: string; tokens_active: number; services: { uuid: string }[] }[];
  productions: { uuid: string }[];
  faults: Record<string, number | boolean>;
};

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

describe("control API", () => {
  it("lists the seeded users", async () => {
    const { body } = await control<StateBody>(t.base, "/state");
    expect(body.users.map((u) => u.username)).toEqual(["alice", "bob", "carol"]);
    expect(body.users.every((u) => /^[0-9a-f]{32}$/.test(u.user_id))).toBe(true);
    expect(body.faults).toMatchObject({ api500: 0, truncateDownloads: 0, expireSignedUrls: 0 });
  });

  it("answers the next N API calls with 500 in the envelope (api500)", async () => {
    const token = await signIn(t.base, "alice");
    expect((await control(t.base, "/faults", { api500: 2 })).body).toMatchObject({ api500: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await api(t.base, "/api/user.json", token);
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ status_code: 500, data: null });
    }
    expect((await api(t.base, "/api/user.json", token)).status).toBe(200);
  });

  it("delays API answers (apiDelayMs)", async () => {
    const token = await signIn(t.base, "alice");
    await control(t.base, "/faults", { apiDelayMs: 150 });
    const started = Date.now();
    await api(t.base, "/api/user.json", token);
    await control(t.base, "/faults", { apiDelayMs: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("validates faults and production requests", async () => {
    expect((await control(t.base, "/faults", { api500: -1 })).status).toBe(400);
    expect((await control(t.base, "/faults", { nope: true })).status).toBe(400);
    expect((await control(t.base, "/productions", { username: "mallory" })).status).toBe(404);
    expect((await control(t.base, "/productions", { username: "bob", template: "x" })).status).toBe(400);
    expect((await control(t.base, "/productions/unknown")).status).toBe(404);
  });

  it("replaces template metadata keys with the production's `metadata`, and refuses metadata that is not an object", async () => {
    const token = await signIn(t.base, "alice");
    expect((await connect(t.base, token, { display_name: "Meta", webhook_url: "https://podhaven.test/h/meta" })).status).toBe(200);
    const made = await control<{ uuid: string }>(t.base, "/productions", { username: "alice", display_name: "Meta", deliver: false, metadata: { title: "Hostile\u0000" } });
    expect(made.status).toBe(201);
    const answer = await api(t.base, `/api/production/${made.body.uuid}.json`, token);
    const { data } = (await answer.json()) as { data: { metadata: { title: string; album: string } } };
    expect(data.metadata).toMatchObject({ title: "Hostile\u0000", album: "The Sandbox Show" });
    expect((await control(t.base, "/productions", { username: "alice", display_name: "Meta", metadata: ["no"] })).status).toBe(400);
  });

  it("mints tokens for scripts and counts active tokens", async () => {
    const issued = await control<{ access_token: string }>(t.base, "/users/bob/tokens", {});
    expect(issued.status).toBe(201);
    expect((await api(t.base, "/api/user.json", issued.body.access_token)).status).toBe(200);
    const { body } = await control<StateBody>(t.base, "/state");
    expect(body.users.find((u) => u.username === "bob")!.tokens_active).toBeGreaterThanOrEqual(1);
  });

  it("resets services, tokens, productions and faults", async () => {
    const token = await signIn(t.base, "alice");
    await connect(t.base, token, { display_name: "Show", webhook_url: "http://127.0.0.1:9/hook" });
    await control(t.base, "/productions", { username: "alice", deliver: false });
    await control(t.base, "/faults", { api500: 5, redirectForeignHost: true });

    const reset = await control<StateBody>(t.base, "/reset", {});
    expect(reset.status).toBe(200);
    const { body } = await control<StateBody>(t.base, "/state");
    expect(body.productions).toEqual([]);
    expect(body.users.every((u) => u.services.length === 0 && u.tokens_active === 0)).toBe(true);
    expect(body.faults).toMatchObject({ api500: 0, redirectForeignHost: false });
    expect((await api(t.base, "/api/user.json", token)).status).toBe(401);
  });
});

describe("control page", () => {
  it("shows users, services with custom_data as text, and productions", async () => {
    const token = await signIn(t.base, "alice");
    await connect(t.base, token, {
      display_name: "Page Show",
      webhook_url: "http://127.0.0.1:9/hook",
      custom_data: '<script>alert("x")</script>',
    });
    await control(t.base, "/productions", { username: "alice", display_name: "Page Show", deliver: false });
    const html = await (await fetch(new URL("/control", t.base))).text();
    expect(html).toContain("Revoke tokens of alice");
    expect(html).toContain("Finish production");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("Episode 12: Recording in the Sandbox");
  });

  it("finishes a production from the form and redirects back", async () => {
    const before = (await control<StateBody>(t.base, "/state")).body.productions.length;
    const service = (await control<StateBody>(t.base, "/state")).body.users[0]!.services[0]!;
    const response = await fetch(new URL("/control/actions/finish", t.base), {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ username: "alice", service_uuid: service.uuid, template: "solo", status: "Done" }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/control\?message=Done/);
    expect((await control<StateBody>(t.base, "/state")).body.productions.length).toBe(before + 1);
  });
});

describe("configuration", () => {
  it("has the documented defaults and reads the environment", () => {
    const defaults = readConfigFromEnv({});
    expect(defaults).toMatchObject({
      port: 4010,
      publicUrl: undefined,
      clientId: "podhaven-local",
      clientSecret: "podhaven-local-client-secret-not-for-production",
      redirectUris: DEFAULT_CONFIG.redirectUris,
      webhookTimeoutMs: 60_000,
      webhookRetryDelaysMs: [2_000, 10_000, 30_000],
      signedUrlTtlMs: 300_000,
      processingMs: 3_000,
      maxUploadBytes: 2 * 1024 * 1024 * 1024,
    });
    expect(readConfigFromEnv({ SANDBOX_PROCESSING_MS: "40", SANDBOX_MAX_UPLOAD_BYTES: "1000" })).toMatchObject({
      processingMs: 40,
      maxUploadBytes: 1000,
    });
    expect(() => readConfigFromEnv({ SANDBOX_PROCESSING_MS: "fast" })).toThrow(/SANDBOX_PROCESSING_MS/);
    const custom = readConfigFromEnv({
      SANDBOX_PORT: "5000",
      SANDBOX_PUBLIC_URL: "http://sandbox.test:5000/",
      SANDBOX_REDIRECT_URIS: "http://a.test/cb, http://b.test/cb",
      SANDBOX_WEBHOOK_RETRY_DELAYS_MS: "1,2",
    });
    expect(custom).toMatchObject({
      port: 5000,
      publicUrl: "http://sandbox.test:5000",
      redirectUris: ["http://a.test/cb", "http://b.test/cb"],
      webhookRetryDelaysMs: [1, 2],
    });
    expect(() => readConfigFromEnv({ SANDBOX_PORT: "abc" })).toThrow(/SANDBOX_PORT/);
  });

  it("accepts the app's own callback when the app moves to another port (APP_URL), unless told otherwise", () => {
    expect(readConfigFromEnv({ APP_URL: "http://localhost:3100/" }).redirectUris).toEqual([
      "http://localhost:3100/api/auth/callback/auphonic",
      ...DEFAULT_CONFIG.redirectUris,
    ]);
    expect(readConfigFromEnv({ APP_URL: "http://localhost:3000" }).redirectUris).toEqual(DEFAULT_CONFIG.redirectUris);
    expect(readConfigFromEnv({ APP_URL: "not a url" }).redirectUris).toEqual(DEFAULT_CONFIG.redirectUris);
    expect(readConfigFromEnv({ APP_URL: "http://localhost:3100", SANDBOX_REDIRECT_URIS: "http://a.test/cb" }).redirectUris).toEqual(["http://a.test/cb"]);
  });
});
