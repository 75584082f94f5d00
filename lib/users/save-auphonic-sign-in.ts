import "server-only";
import type { AuphonicUser } from "@/lib/auphonic/get-auphonic-user";
import { encryptSecret } from "@/lib/crypto/encrypt-secret";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";

/** Creates or refreshes the user keyed by Auphonic's user_id, storing the new token encrypted. */
export async function saveAuphonicSignIn(auphonicUser: AuphonicUser, accessToken: string) {
  const tokenCipher = encryptSecret(accessToken, env.tokenEncryptionKey);
  const fields = {
    username: auphonicUser.username,
    email: auphonicUser.email,
    auphonicTokenCipher: tokenCipher,
    auphonicTokenInvalid: false,
    lastSignInAt: new Date(),
  };
  return db.user.upsert({
    where: { auphonicUserId: auphonicUser.userId },
    create: { auphonicUserId: auphonicUser.userId, ...fields },
    update: fields,
    select: { id: true, sessionVersion: true },
  });
}
