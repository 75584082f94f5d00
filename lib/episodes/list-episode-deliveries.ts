import "server-only";
import { db } from "@/lib/db";
import { findProductionTitles } from "@/lib/connections/find-production-titles";

/** The webhook deliveries that concern one episode (its connection and production), newest first, named by its title. */
export async function listEpisodeDeliveries(episode: { userId: string; connectionId: string | null; productionUuid: string | null }) {
  // Moved-in episodes (no production) had no deliveries.
  if (!episode.connectionId || !episode.productionUuid) return [];
  const productionUuid = episode.productionUuid;
  const [deliveries, titles] = await Promise.all([
    db.delivery.findMany({
      where: { connectionId: episode.connectionId, productionUuid },
      orderBy: { receivedAt: "desc" },
      take: 50,
    }),
    findProductionTitles(episode.userId, episode.connectionId, [productionUuid]),
  ]);
  return deliveries.map((delivery) => ({ ...delivery, productionTitle: titles.get(productionUuid) ?? null }));
}
