import "server-only";
import { db } from "@/lib/db";

export async function listConnectionsForShow(userId: string, showId: string) {
  return db.connection.findMany({ where: { userId, showId, deletedAt: null }, orderBy: { createdAt: "asc" } });
}
