import "server-only";
import { db } from "@/lib/db";

/**
 * Stores what Auphonic just said about the account (sign-in's profile, a background refresh), as of `at`: the
 * dashboard shows it from here. `tokenCipher`: only while the stored token is still the one that was asked, so a
 * refresh that ran with an older token never overwrites what a newer sign-in stored. False when nothing was written.
 */
export async function recordAuphonicAccount(
  userId: string,
  account: { username: string; credits: number | null },
  { at = new Date(), tokenCipher }: { at?: Date; tokenCipher?: string } = {},
): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, ...(tokenCipher === undefined ? {} : { auphonicTokenCipher: tokenCipher }) },
    data: {
      username: account.username,
      auphonicCredits: account.credits,
      auphonicAccountAsOf: at,
      auphonicAccountTriedAt: at,
      auphonicAccountError: null,
      auphonicAccountRefused: false,
    },
  });
  return count > 0;
}
