import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const UNVERIFIED_SHOW_MESSAGE =
  "This show was moved in from another host and stays a draft until you prove the old feed is yours: put the code from its move-in page in the old feed, then press Verify there.";

/** Publishing (now or later) needs a verified show (Show.isVerified); a moved-in draft show publishes nothing. */
export async function requireVerifiedShow(showId: string, field?: string): Promise<void> {
  const show = await db.show.findUnique({ where: { id: showId }, select: { isVerified: true } });
  if (show && !show.isVerified) throw new AppError("BAD_REQUEST", UNVERIFIED_SHOW_MESSAGE, field ? { [field]: [UNVERIFIED_SHOW_MESSAGE] } : {});
}
