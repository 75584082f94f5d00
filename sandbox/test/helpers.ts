import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SandboxConfig } from "../config.js";
import { createSandbox, type Sandbox } from "../create-sandbox.js";

export const CLIENT_ID = "podhaven-local";
export const CLIENT_SECRET = "podhaven-local-client-secret-not-for-production";
export const REDIRECT_URI = "http://localhost:3000/api/auth/callback/auphonic";

export type TestSandbox = { sandbox: Sandbox; base: string; clock: { now: number } };

/** A sandbox on a free port with a controllable clock and fast webhook retries. */
export async function startTestSandbox(overrides: Partial<SandboxConfig> = {}): Promise<TestSandbox> {
  const clock = { now: Date.now() };
  const sandbox = createSandbox({
    now: () => clock.now,
    webhookRetryDelaysMs: [50, 50],
    webhookTimeoutMs: 1_000,
    ...overrides,
  });
  const base = await sandbox.listen(0);
  return { sandbox, base, clock };
}

export function authorizeUrl(base: string, params: Record<string, string> = {}): string {
  const url = new URL("/oauth2/authorize/", base);
  const all = { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: "code", state: "st-123", ...params };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  return url.toString();
}

export async function approve(base: string, username: string, state = "st-123"): Promise<URL> {
  const response = await fetch(new URL("/oauth2/authorize/", base), {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      state,
      username,
    }),
  });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}`);
  return new URL(response.headers.get("location")!);
}

export function exchangeCode(base: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(new URL("/oauth2/token/", base), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });
}

/** Signs in through the real OAuth flow and returns the access token. */
export async function signIn(base: string, username: string): Promise<string> {
  const code = (await approve(base, username)).searchParams.get("code")!;
  const response = await exchangeCode(base, {
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uri: REDIRECT_URI,
    grant_type: "authorization_code",
    code,
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export function api(base: string, path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return fetch(new URL(path, base), { ...init, headers, redirect: "manual" });
}

export function connect(base: string, token: string, body: unknown) {
  return api(base, "/api/service/connect.json", token, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

export async function control<T = Record<string, unknown>>(base: string, path: string, body?: unknown) {
  const response = await fetch(new URL(`/control/api${path}`, base), {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export type ReceivedWebhook = { contentType: string | undefined; body: string };

/** A local webhook receiver; `reply` decides each answer in turn. */
export async function startWebhookReceiver(
  reply: (request: ReceivedWebhook, index: number) => { status: number; json?: unknown },
) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { contentType: req.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      const answer = reply(request, received.length - 1);
      const text = answer.json === undefined ? "" : JSON.stringify(answer.json);
      res.writeHead(answer.status, { "Content-Type": "application/json" });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/auphonic/webhook/secret-abc`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
