import { expect, type APIRequestContext } from "@playwright/test";

export const SANDBOX_URL = "http://localhost:4210";

/** Refuses to drive anything but this machine: the suite resets state and revokes tokens. */
export function assertLocalTarget(url: string) {
  const { hostname } = new URL(url);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(hostname)) {
    throw new Error(`Refusing to run e2e tests against ${url}: only localhost is allowed.`);
  }
}

export async function resetSandbox(request: APIRequestContext) {
  assertLocalTarget(SANDBOX_URL);
  const response = await request.post(`${SANDBOX_URL}/control/api/reset`);
  expect(response.ok()).toBe(true);
}

export async function revokeSandboxTokens(request: APIRequestContext, username: string) {
  const response = await request.post(`${SANDBOX_URL}/control/api/users/${username}/revoke`);
  expect(response.ok()).toBe(true);
}
