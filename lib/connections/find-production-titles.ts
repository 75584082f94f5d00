import "server-only";
import { db } from "@/lib/db";

/**
 * The titles of a connection's productions by uuid, for lists that know only uuids (deliveries): the episode's
 * title, else the title kept when its episode was deleted. Productions without a known title are left out.
 */
export async function findProductionTitles(userId: string, connectionId: string, productionUuids: string[]): Promise<Map<string, string>> {
  const uuids = [...new Set(productionUuids)];
  if (uuids.length === 0) return new Map();
  const [episodes, deleted] = await Promise.all([
    db.episode.findMany({ where: { userId, connectionId, productionUuid: { in: uuids }, title: { not: "" } }, select: { productionUuid: true, title: true } }),
    db.deletedProduction.findMany({ where: { connection: { userId }, connectionId, productionUuid: { in: uuids }, title: { not: "" } }, select: { productionUuid: true, title: true } }),
  ]);
  return new Map([...deleted, ...episodes].flatMap((row) => (row.productionUuid ? [[row.productionUuid, row.title] as const] : [])));
}
