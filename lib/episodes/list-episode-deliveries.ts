import "server-only";
import { db } from "@/lib/db";

/** The webhook deliveries that concern one episode (its connection and production), newest first. */
export async function listEpisodeDeliveries(episode: { connectionId: string | null; productionUuid: string }) {
  if (!episode.connectionId) return [];
  return db.delivery.findMany({
    where: { connectionId: episode.connectionId, productionUuid: episode.productionUuid },
    orderBy: { receivedAt: "desc" },
    take: 50,
  });
}
