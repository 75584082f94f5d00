import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { chargeMoveInPreview } from "@/lib/quotas/charge-move-in-preview";
import { MoveInFetchError } from "./open-public-url";
import { NotAFeedError, readOldFeed, type OldFeedSource } from "./read-old-feed";

/**
 * First step of moving a show in: reads the old feed and keeps what was found for the creator to confirm
 * (lib/move-in/start-move-in.ts). Nothing is created but the MoveIn row. Problems with the address or the
 * document come back as an AppError on the field they concern.
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
  if (feed.show.podcastGuid && (await db.show.count({ where: { podcastGuid: feed.show.podcastGuid } })) > 0) {
    feed.problems.unshift("A show with this feed's podcast:guid is already in Podhaven: it has been moved in before. Delete that show first, or the move-in is refused (a podcast:guid names one show).");
  }
  const moveIn = await db.moveIn.create({ data: { userId, sourceUrl, plan: JSON.stringify(feed) } });
  return { moveInId: moveIn.id };
}
