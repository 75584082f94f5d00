import { expect, type APIRequestContext } from "@playwright/test";
import { SANDBOX_URL } from "./sandbox";

/**
 * Waits until the reconciliation a sign-in starts has listed the creator's productions at the sandbox, and a moment
 * more for it to finish. A test that revokes the token right after signing in would otherwise race it: a run that
 * finds the token refused ends the sessions, and the page under test is signed out.
 */
export async function waitForSignInReconciliation(request: APIRequestContext, since: string) {
  await expect
    .poll(
      async () => {
        const response = await request.get(`${SANDBOX_URL}/control/api/requests`);
        const { requests } = (await response.json()) as { requests: { path: string; at: string }[] };
        return requests.some((record) => record.path.startsWith("/api/productions") && record.at >= since);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}
