import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A live connection of this user; another user's, a deleted or an unknown one is NOT_FOUND. */
export async function getConnectionForUserOrThrow(userId: string, connectionId: string) {
  const connection = await db.connection.findFirst({
    where: { id: connectionId, userId, deletedAt: null },
    include: { show: { select: { id: true, title: true, slug: true } } },
  });
  if (!connection) throw new AppError("NOT_FOUND", "This connection does not exist.");
  return connection;
}
