import "server-only";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { chargeMoveInPreview } from "@/lib/quotas/charge-move-in-preview";
import { claimMovedInShow } from "./claim-moved-in-show";
import { getMoveInForUserOrThrow } from "./get-move-in-for-user";
import { MoveInFetchError } from "./open-public-url";
import { NotAFeedError, readOldFeed } from "./read-old-feed";
import { verificationLine } from "./verification-code";

/**
 * "Verify": reads the old feed again (a feed read like a preview, counted as one) and looks for the move-in's code
 * in it, as the podcast:txt line or anywhere in its text. Found, the move-in is verified and its show, if it exists
 * yet, claims the old feed's guids (lib/move-in/claim-moved-in-show.ts). Every refusal is an AppError in words.
 */
export async function verifyMoveIn(userId: string, moveInId: string): Promise<{ message: string }> {
  const moveIn = await getMoveInForUserOrThrow(userId, moveInId);
  if (!moveIn.verifiedAt) {
    if (!moveIn.sourceUrl) {
      throw new AppError("BAD_REQUEST", "This move-in was made from an uploaded file that names no address of its own (atom:link rel=\"self\"), so there is no old feed to read. Move the show in by its feed's address instead.");
    }
    // A message of its own, not a field's: the Verify form has none.
    await chargeMoveInPreview(userId, "form").catch((error: unknown) => {
      throw isAppError(error) ? new AppError(error.code, error.message) : error;
    });
    let read;
    try {
      read = await readOldFeed({ kind: "url", url: moveIn.sourceUrl });
    } catch (error) {
      if (error instanceof MoveInFetchError || error instanceof NotAFeedError) throw new AppError("BAD_REQUEST", `Podhaven could not read the old feed again: ${error.message}`);
      throw error;
    }
    const code = moveIn.verificationCode;
    // A plain substring search: linear in the feed's size whatever it holds.
    if (!read.text.includes(code)) {
      throw new AppError(
        "BAD_REQUEST",
        `The old feed (${moveIn.sourceUrl}) does not carry the code ${code} yet. Add ${verificationLine(code)} to its channel, or the code to its description, save it at your old host, and press Verify again (some hosts take a few minutes to update their feed).`,
      );
    }
    const planned = moveIn.plan.show.podcastGuid;
    if (planned && read.feed.show.podcastGuid !== planned) {
      throw new AppError("BAD_REQUEST", `The old feed's podcast:guid is now ${read.feed.show.podcastGuid ?? "missing"}, not ${planned} as when it was previewed: preview the feed again.`);
    }
    await db.moveIn.updateMany({ where: { id: moveIn.id, userId, verifiedAt: null }, data: { verifiedAt: new Date() } });
  }
  if (!moveIn.showId) return { message: "Verified: the old feed is yours. Confirm below to move the show in." };
  await claimMovedInShow(moveIn.id);
  return { message: "Verified: the show is yours, with its podcast:guid, and its episodes are public." };
}
