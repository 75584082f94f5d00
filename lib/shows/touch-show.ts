import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Marks the show as changed. The feed's Last-Modified and ETag come from the show's and its published
 * episodes' times, so removing an episode from the feed (unpublish, delete) must move the show's.
 */
export function touchShow(showId: string, client: Pick<Prisma.TransactionClient, "show"> = db) {
  return client.show.update({ where: { id: showId }, data: { updatedAt: new Date() } });
}
