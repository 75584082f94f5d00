import "server-only";
import { EVERYTHING, forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { assignPodcastGuid } from "@/lib/shows/assign-podcast-guid";
import { claimPodcastGuid } from "@/lib/shows/claim-podcast-guid";
import { findGuidConflict } from "./find-guid-conflict";
import { parseStrings } from "./get-move-in-for-user";
import type { OldFeed } from "./parse-old-feed";

/**
 * The creator has proven control of the old feed (MoveIn.verifiedAt): in one transaction the moved-in show takes the
 * old feed's podcast:guid (or one of its own when the old feed had none), becomes verified, and its copied episodes
 * go on air with their old dates. The first verified claim of a guid wins: a refused claim changes nothing and
 * throws an AppError that says why. Doing it again changes nothing.
 */
export async function claimMovedInShow(moveInId: string): Promise<void> {
  const moveIn = await db.moveIn.findUnique({ where: { id: moveInId }, select: { userId: true, showId: true, plan: true, verifiedAt: true } });
  if (!moveIn?.showId || !moveIn.verifiedAt) return;
  const { userId, showId } = moveIn;
  const old = (JSON.parse(moveIn.plan) as OldFeed).show;
  const isClaimed = await db.$transaction(async (tx) => {
    // Locked against the move-in's jobs, which read the show's state when they create an episode.
    const [show] = await tx.$queryRaw<{ slug: string; isVerified: boolean }[]>`SELECT slug, "isVerified" FROM "Show" WHERE id = ${showId} FOR UPDATE`;
    if (!show || show.isVerified) return false;
    let podcastGuid: string;
    if (old.podcastGuid) {
      if (!(await claimPodcastGuid(tx, userId, showId, old.podcastGuid))) {
        throw new AppError("BAD_REQUEST", (await findGuidConflict(userId, old.podcastGuid, showId)) ?? "Another show holds this feed's podcast:guid.");
      }
      podcastGuid = old.podcastGuid;
    } else {
      podcastGuid = await assignPodcastGuid(tx, userId, showId, show.slug);
    }
    await tx.show.update({ where: { id: showId }, data: { isVerified: true, podcastGuid } });
    // Every episode of the move-in was on air at the old host; they were copied as drafts of the draft show.
    await tx.$executeRaw`
      UPDATE "Episode" SET state = 'published', "publishedAt" = COALESCE("publishedAt", now()), "updatedAt" = now()
      WHERE "showId" = ${showId} AND state = 'draft' AND "scheduledAt" IS NULL
        AND id IN (SELECT "episodeId" FROM "MoveInItem" WHERE "moveInId" = ${moveInId})`;
    return true;
  });
  // The show's address was unknown to every process until now.
  if (isClaimed) forgetShow(EVERYTHING);
}

/** A claim refused right after the move-in started (the creator verified at the preview): said in the final report. */
export async function recordClaimRefusal(moveInId: string, error: unknown): Promise<void> {
  if (!isAppError(error)) throw error;
  const moveIn = await db.moveIn.findUniqueOrThrow({ where: { id: moveInId }, select: { showProblems: true } });
  const problems = parseStrings(moveIn.showProblems);
  await db.moveIn.update({ where: { id: moveInId }, data: { showProblems: JSON.stringify([...problems, error.message]) } });
}
