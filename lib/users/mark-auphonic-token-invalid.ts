import "server-only";
import { db } from "@/lib/db";

/**
 * Remembers that Auphonic refused the stored token, so pages offer the reconnect path straight away, and ends
 * the user's sessions: the page that shows the prompt still renders (lib/auth.ts reads the user once per
 * request), the next request is signed out, and signing in with Auphonic again is the reconnect.
 */
export async function markAuphonicTokenInvalid(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { auphonicTokenInvalid: true, sessionVersion: { increment: 1 } } });
}
