import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { claimMoveInSlot } from "@/lib/quotas/claim-move-in-slot";
import { getMoveInForUserOrThrow } from "./get-move-in-for-user";
import { queueMoveInJobsOrSettle } from "./start-move-in";

/**
 * Tries a finished move-in's failed episodes once more (after the creator freed storage, or the old host is back):
 * they are queued again and the move-in runs again, as one of the creator's running move-ins. Returns how many.
 */
export async function retryMoveIn(userId: string, moveInId: string): Promise<number> {
  const moveIn = await getMoveInForUserOrThrow(userId, moveInId);
  if (moveIn.state !== "done" || !moveIn.showId) throw new AppError("BAD_REQUEST", "Only a finished move-in can be tried again.");
  const retried = await db.$transaction(async (tx) => {
    await claimMoveInSlot(tx, userId, moveIn.id);
    const claimed = await tx.moveIn.updateMany({ where: { id: moveIn.id, userId, state: "done" }, data: { state: "importing" } });
    if (claimed.count === 0) throw new AppError("BAD_REQUEST", "Only a finished move-in can be tried again.");
    // The attempt count stays: it is the item's fence (lib/move-in/move-in-jobs.ts).
    const { count } = await tx.moveInItem.updateMany({ where: { moveInId: moveIn.id, state: "failed" }, data: { state: "queued", error: null } });
    if (count === 0) throw new AppError("BAD_REQUEST", "No episode of this move-in failed; there is nothing to try again.");
    return count;
  });
  await queueMoveInJobsOrSettle(moveIn.id);
  return retried;
}
