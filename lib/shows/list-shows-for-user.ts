import "server-only";
import { db } from "@/lib/db";

export async function listShowsForUser(userId: string) {
  return db.show.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { connections: { where: { deletedAt: null } } } } },
  });
}
