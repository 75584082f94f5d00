import "server-only";
import { db } from "@/lib/db";
import { describeProductionStatus, type ProductionStatus } from "./describe-production-status";

export const PRODUCTIONS_PER_PAGE = 50;

export type RecentProduction = {
  uuid: string;
  title: string;
  status: ProductionStatus;
  /** Auphonic's creation time, else when Podhaven first saw it. */
  date: Date;
  /** Where Auphonic was told to send it: the creator's connections by name, "another service" for the rest. */
  sentTo: { connectionId: string | null; label: string }[];
  /** The creator's episodes of it (one, normally). */
  episodes: { id: string; title: string; importState: string; importError: string | null; showTitle: string; connectionName: string | null }[];
  canImport: boolean;
};

/**
 * The creator's productions as Podhaven last saw them (KnownProduction, written by reconciliation and by
 * "Produce with Auphonic"), newest first, one page: read from Postgres only, so the page never waits for Auphonic.
 */
export async function listRecentProductions(userId: string, page: number): Promise<{ productions: RecentProduction[]; total: number; page: number; pageCount: number }> {
  const total = await db.knownProduction.count({ where: { userId } });
  const pageCount = Math.max(1, Math.ceil(total / PRODUCTIONS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db.knownProduction.findMany({
    where: { userId },
    orderBy: [{ createdAt: { sort: "desc", nulls: "last" } }, { firstSeenAt: "desc" }, { uuid: "asc" }],
    skip: (current - 1) * PRODUCTIONS_PER_PAGE,
    take: PRODUCTIONS_PER_PAGE,
  });
  const uuids = rows.map((row) => row.uuid);
  const [connections, episodes] = await Promise.all([
    // Deleted connections too: a production sent to one is still named by it.
    db.connection.findMany({
      where: { userId, auphonicServiceUuid: { not: null } },
      select: { id: true, displayName: true, auphonicServiceUuid: true, deletedAt: true, show: { select: { title: true } } },
    }),
    uuids.length === 0
      ? []
      : db.episode.findMany({
          where: { userId, productionUuid: { in: uuids } },
          select: {
            id: true,
            title: true,
            productionUuid: true,
            importState: true,
            importError: true,
            show: { select: { title: true } },
            connection: { select: { displayName: true } },
          },
          orderBy: { createdAt: "asc" },
        }),
  ]);
  const connectionByService = new Map(connections.map((connection) => [connection.auphonicServiceUuid!, connection]));

  const productions = rows.map((row): RecentProduction => {
    const sentTo = row.serviceUuids.map((serviceUuid) => {
      const connection = connectionByService.get(serviceUuid);
      if (!connection) return { connectionId: null, label: "another service" };
      const label = `${connection.show.title} – ${connection.displayName}${connection.deletedAt ? " (deleted connection)" : ""}`;
      return { connectionId: connection.id, label };
    });
    const own = episodes
      .filter((episode) => episode.productionUuid === row.uuid)
      .map((episode) => ({
        id: episode.id,
        title: episode.title,
        importState: episode.importState,
        importError: episode.importError,
        showTitle: episode.show.title,
        connectionName: episode.connection?.displayName ?? null,
      }));
    const status = describeProductionStatus(row);
    return {
      uuid: row.uuid,
      title: row.title,
      status,
      date: row.createdAt ?? row.firstSeenAt,
      sentTo,
      episodes: own,
      canImport: status.kind === "done" && own.length === 0,
    };
  });
  return { productions, total, page: current, pageCount };
}
