import "server-only";
import { db } from "@/lib/db";

/**
 * Marks the show as changed. The feed's Last-Modified and ETag come from the show's and its published
 * episodes' times, so removing an episode from the feed (unpublish, delete) must move the show's.
 */
export function touchShow(showId: string) {
  return db.show.update({ where: { id: showId }, data: { updatedAt: new Date() } });
}
