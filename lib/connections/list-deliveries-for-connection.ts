import "server-only";
import { db } from "@/lib/db";

export async function listDeliveriesForConnection(userId: string, connectionId: string) {
  return db.delivery.findMany({
    where: { connectionId, connection: { userId } },
    orderBy: { receivedAt: "desc" },
    take: 50,
  });
}
