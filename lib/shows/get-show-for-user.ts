import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * A show of this user, with the move-in it came from (if any); another user's show or an unknown id is NOT_FOUND,
 * never FORBIDDEN.
 */
export async function getShowForUserOrThrow(userId: string, showId: string) {
  const show = await db.show.findFirst({ where: { id: showId, userId }, include: { moveIns: { select: { id: true }, take: 1 } } });
  if (!show) throw new AppError("NOT_FOUND", "This show does not exist.");
  return show;
}
