import "server-only";
import { getAuphonicUser } from "@/lib/auphonic/get-auphonic-user";
import { decryptSecret } from "@/lib/crypto/encrypt-secret";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { isAppError } from "@/lib/errors";
import { recordAuphonicAccount } from "./record-auphonic-account";

export type AuphonicAccountRefresh = "refreshed" | "refused" | "failed" | "skipped";

/**
 * Reads the account's username and credits from Auphonic and stores them (the background refresh the dashboard asks
 * for). A failure is stored, not thrown: the dashboard keeps showing the last details and says why they are old.
 * "refused" (Auphonic refused the token) is stored for the dashboard to offer the reconnect; the token is not marked
 * refused here, since that ends the sessions and the creator would be signed out without a word.
 */
export async function refreshAuphonicAccount(
  userId: string,
  { signal, fetchImpl, now = () => new Date() }: { signal?: AbortSignal; fetchImpl?: typeof fetch; now?: () => Date } = {},
): Promise<AuphonicAccountRefresh> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { auphonicTokenCipher: true, auphonicTokenInvalid: true } });
  if (!user) return "skipped";
  if (!user.auphonicTokenCipher || user.auphonicTokenInvalid) {
    // No token to ask with (refused elsewhere, or disconnected): the refresh asked for is over, and only a sign-in helps.
    await db.user.updateMany({ where: { id: userId }, data: { auphonicAccountTriedAt: now(), auphonicAccountError: "Auphonic no longer accepts Podhaven’s access to your account.", auphonicAccountRefused: true } });
    return "skipped";
  }
  const tokenCipher = user.auphonicTokenCipher;
  let token: string;
  try {
    token = decryptSecret(tokenCipher, env.tokenEncryptionKey);
  } catch {
    return recordFailure(userId, tokenCipher, now(), "Podhaven can no longer read your Auphonic sign-in.", true);
  }
  signal?.throwIfAborted();
  try {
    const account = await getAuphonicUser(token, fetchImpl);
    await recordAuphonicAccount(userId, account, { at: now(), tokenCipher });
    return "refreshed";
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) return recordFailure(userId, tokenCipher, now(), "Auphonic no longer accepts Podhaven’s access to your account.", true);
    if (isAppError(error)) return recordFailure(userId, tokenCipher, now(), error.message, false);
    throw error;
  }
}

async function recordFailure(userId: string, tokenCipher: string, at: Date, message: string, isRefused: boolean): Promise<AuphonicAccountRefresh> {
  await db.user.updateMany({
    where: { id: userId, auphonicTokenCipher: tokenCipher },
    data: { auphonicAccountTriedAt: at, auphonicAccountError: message.slice(0, 500), auphonicAccountRefused: isRefused },
  });
  return isRefused ? "refused" : "failed";
}
