import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approve,
  authorizeUrl,
  CLIENT_ID,
  CLIENT_SECRET,
  exchangeCode,
  REDIRECT_URI,
  startTestSandbox,
  type TestSandbox,
} from "./helpers.js";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

const tokenFields = (code: string, extra: Record<string, string> = {}) => ({
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  redirect_uri: REDIRECT_URI,
  grant_type: "authorization_code",
  code,
  ...extra,
});

describe("GET /oauth2/authorize/", () => {
  it("shows the consent page with one button per user and a deny button", async () => {
    const response = await fetch(authorizeUrl(t.base));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Authorize Podhaven</h1>");
    for (const name of ["alice", "bob", "carol"]) expect(html).toContain(`>Authorize as ${name}</button>`);
    expect(html).toContain(">Deny access</button>");
    expect(html).toContain('name="state" value="st-123"');
  });

  it.each([
    ["unknown client_id", { client_id: "someone-else" }, /client_id/],
    ["unregistered redirect_uri", { redirect_uri: "http://evil.example/cb" }, /redirect URI/i],
    ["redirect_uri with extra path", { redirect_uri: `${REDIRECT_URI}/x` }, /redirect URI/i],
    ["response_type token", { response_type: "token" }, /response_type/],
  ])("refuses %s with a 400 page and never redirects", async (_name, params, message) => {
    const response = await fetch(authorizeUrl(t.base, params), { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toMatch(message);
  });

  it("re-validates the parameters on POST", async () => {
    const response = await fetch(new URL("/oauth2/authorize/", t.base), {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({
        client_id: CLIENT_ID,
        redirect_uri: "http://evil.example/cb",
        response_type: "code",
        username: "alice",
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });
});

describe("POST /oauth2/authorize/", () => {
  it("approves with a code and echoes state", async () => {
    const location = await approve(t.base, "alice", "my-state");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get("code")).toMatch(/^[A-Za-z0-9]{20,}$/);
    expect(location.searchParams.get("state")).toBe("my-state");
  });

  it("denies with error=access_denied and state", async () => {
    const response = await fetch(new URL("/oauth2/authorize/", t.base), {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({
        client_id: CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        response_type: "code",
        state: "s1",
        decision: "deny",
      }),
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("s1");
    expect(location.searchParams.has("code")).toBe(false);
  });
});

describe("POST /oauth2/token/", () => {
  it("exchanges a code from form fields for a long-lived bearer token", async () => {
    const code = (await approve(t.base, "bob")).searchParams.get("code")!;
    const response = await exchangeCode(t.base, tokenFields(code));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      token_type: "bearer",
      expires_in: 315360000,
      user_name: "bob",
      scope: "",
    });
    expect(body).not.toHaveProperty("refresh_token");
  });

  it("accepts HTTP Basic client authentication", async () => {
    const code = (await approve(t.base, "alice")).searchParams.get("code")!;
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    const response = await exchangeCode(
      t.base,
      { redirect_uri: REDIRECT_URI, grant_type: "authorization_code", code },
      { Authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user_name: string }).user_name).toBe("alice");
  });

  it("accepts a code only once", async () => {
    const code = (await approve(t.base, "alice")).searchParams.get("code")!;
    expect((await exchangeCode(t.base, tokenFields(code))).status).toBe(200);
    const second = await exchangeCode(t.base, tokenFields(code));
    expect(second.status).toBe(400);
    expect(((await second.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("refuses a code older than 60 seconds", async () => {
    const code = (await approve(t.base, "alice")).searchParams.get("code")!;
    t.clock.now += 61_000;
    const response = await exchangeCode(t.base, tokenFields(code));
    t.clock.now = Date.now();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a redirect_uri different from the authorize one", async () => {
    const code = (await approve(t.base, "alice")).searchParams.get("code")!;
    const response = await exchangeCode(
      t.base,
      tokenFields(code, { redirect_uri: "http://127.0.0.1:3000/api/auth/callback/auphonic" }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("answers 401 invalid_client for a wrong secret", async () => {
    const code = (await approve(t.base, "alice")).searchParams.get("code")!;
    const response = await exchangeCode(t.base, tokenFields(code, { client_secret: "wrong" }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
  });

  it("answers unsupported_grant_type and invalid_request", async () => {
    const code = (await approve(t.base, "alice")).searchParams.get("code")!;
    const refresh = await exchangeCode(t.base, tokenFields(code, { grant_type: "refresh_token" }));
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: "unsupported_grant_type" });
    const noCode = await exchangeCode(t.base, tokenFields(""));
    expect(noCode.status).toBe(400);
    expect(await noCode.json()).toMatchObject({ error: "invalid_request" });
  });

  it("refuses a JSON body with invalid_request", async () => {
    const code = (await approve(t.base, "alice")).searchParams.get("code")!;
    const response = await fetch(new URL("/oauth2/token/", t.base), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(tokenFields(code)),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });
});
