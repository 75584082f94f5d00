import "server-only";
import { decryptSecret } from "@/lib/crypto/encrypt-secret";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";

/** The user's Auphonic token, decrypted for one call. Throws AUPHONIC_UNAUTHORIZED when there is none to use. */
export async function getAuphonicTokenOrThrow(userId: string): Promise<string> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { auphonicTokenCipher: true, auphonicTokenInvalid: true },
  });
  if (!user?.auphonicTokenCipher || user.auphonicTokenInvalid) {
    throw new AppError("AUPHONIC_UNAUTHORIZED", "Reconnect your Auphonic account to continue.");
  }
  try {
    return decryptSecret(user.auphonicTokenCipher, env.tokenEncryptionKey);
  } catch {
    // The key changed since the token was stored: the only way forward is a fresh sign-in.
    throw new AppError("AUPHONIC_UNAUTHORIZED", "Reconnect your Auphonic account to continue.");
  }
}

