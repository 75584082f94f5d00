import "server-only";
import { db } from "@/lib/db";
import { findProductionTitles } from "./find-production-titles";

/** The connection's latest webhook deliveries, newest first, each with its production's title when known. */
export async function listDeliveriesForConnection(userId: string, connectionId: string) {
  const deliveries = await db.delivery.findMany({
    where: { connectionId, connection: { userId } },
    orderBy: { receivedAt: "desc" },
    take: 50,
  });
  const titles = await findProductionTitles(userId, connectionId, deliveries.flatMap((delivery) => (delivery.productionUuid ? [delivery.productionUuid] : [])));
  return deliveries.map((delivery) => ({ ...delivery, productionTitle: delivery.productionUuid ? (titles.get(delivery.productionUuid) ?? null) : null }));
}
