import "server-only";
import { db } from "@/lib/db";

/**
 * Removes Podhaven's access to the user's Auphonic account: the stored token goes, and every session ends (signing
 * in again is reconnecting). Auphonic has no API to remove a publishing target: the connections stay registered
 * there, deliveries are still logged, and imports wait for a reconnect, saying so.
 */
export async function disconnectAuphonic(userId: string): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { auphonicTokenCipher: null, auphonicTokenInvalid: true, sessionVersion: { increment: 1 } },
  });
}
