import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { chargeMoveInPreview } from "@/lib/quotas/charge-move-in-preview";
import { findGuidConflict } from "./find-guid-conflict";
import { MoveInFetchError } from "./open-public-url";
import { NotAFeedError, readOldFeed, type OldFeedSource } from "./read-old-feed";
import { newVerificationCode } from "./verification-code";

/**
 * First step of moving a show in: reads the old feed and keeps what was found for the creator to confirm
 * (lib/move-in/start-move-in.ts), with the code that proves control of the old feed (lib/move-in/verify-move-in.ts).
 * Nothing is created but the MoveIn row. Problems with the address or the document come back as an AppError on the
 * field they concern.
 */
export async function previewMoveIn(userId: string, source: OldFeedSource): Promise<{ moveInId: string }> {
  const field = source.kind === "url" ? "feedUrl" : "feedFile";
  await chargeMoveInPreview(userId, field);
  let read;
  try {
    read = await readOldFeed(source);
  } catch (error) {
    if (error instanceof MoveInFetchError || error instanceof NotAFeedError) {
      throw new AppError("BAD_REQUEST", error.message, { [field]: [error.message] });
    }
    throw error;
  }
  const { feed, sourceUrl } = read;
  if (feed.episodes.length === 0) {
    const message = feed.problems.join(" ");
    throw new AppError("BAD_REQUEST", message, { [field]: [message] });
  }
  const conflict = feed.show.podcastGuid ? await findGuidConflict(userId, feed.show.podcastGuid) : null;
  if (conflict) feed.problems.unshift(conflict);
  if (!sourceUrl) {
    feed.problems.unshift("This file names no address of its own (atom:link rel=\"self\"): Podhaven cannot read the old feed to check that it is yours, so the show would stay a draft. Move it in by its feed's address instead.");
  }
  const moveIn = await db.moveIn.create({ data: { userId, sourceUrl, plan: JSON.stringify(feed), verificationCode: newVerificationCode() } });
  return { moveInId: moveIn.id };
}
