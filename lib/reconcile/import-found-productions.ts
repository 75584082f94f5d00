import "server-only";
import { randomUUID } from "node:crypto";
import { withTransaction } from "@/lib/database/sql";
import { queueImportRuns } from "@/lib/jobs/import-queue";

export const FOUND_BY_RECONCILIATION_REASON = "Found by reconciliation; import queued.";

export type FoundProduction = { connectionId: string; productionUuid: string };
export type ImportedProduction = { productionUuid: string; episodeId: string; connectionId: string };

/**
 * Imports finished productions the webhook never brought, as a delivery would, in one transaction: the episode
 * (with its permanent guid), an accepted Delivery row saying reconciliation found it, and the import job
 * (lib/jobs/import-queue.ts). Only where the connection is the user's and live, no episode exists yet for
 * (connection, production), the creator has not deleted one (DeletedProduction) nor imported the production into a
 * show on purpose (lib/productions/import-production-into-show.ts): the episode's unique key
 * decides between this run, another worker's and a webhook arriving meanwhile, so each is imported once. A
 * webhook that arrives later finds the episode and its job, as a re-delivery does. Returns what was imported.
 */
export async function importFoundProductions(userId: string, found: FoundProduction[]): Promise<ImportedProduction[]> {
  if (found.length === 0) return [];
  // In key order, as deliveries insert theirs: concurrent runs lock shared rows in the same order.
  const sorted = [...new Map(found.map((item) => [`${item.connectionId}:${item.productionUuid}`, item])).values()].sort((a, b) =>
    a.connectionId === b.connectionId ? (a.productionUuid < b.productionUuid ? -1 : 1) : a.connectionId < b.connectionId ? -1 : 1,
  );
  type Row = ImportedProduction & { importState: string; importError: string | null; audioVersion: number };
  return withTransaction(async (tx) => {
    const rows = await tx.query<Row>(
      `WITH input AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
           AS i("connectionId", "productionUuid", "episodeId", guid, "deliveryId", ord)
       ), matched AS (
         SELECT i.*, c."userId", c."showId", c."customData" FROM input i
         JOIN "Connection" c ON c.id = i."connectionId" AND c."userId" = $1 AND c."deletedAt" IS NULL
         WHERE NOT EXISTS (SELECT 1 FROM "DeletedProduction" d WHERE d."connectionId" = c.id AND d."productionUuid" = i."productionUuid")
           AND NOT EXISTS (SELECT 1 FROM "Episode" e WHERE e."connectionId" = c.id AND e."productionUuid" = i."productionUuid")
           -- The creator brought it into a show on purpose ("Import into…"): it is there, whichever connections it lists.
           AND NOT EXISTS (SELECT 1 FROM "Episode" e WHERE e."userId" = $1 AND e."productionUuid" = i."productionUuid" AND e."productionChosenByCreator")
       ), episode AS (
         INSERT INTO "Episode" (id, "userId", "showId", "connectionId", "productionUuid", "customData", guid, "updatedAt")
         SELECT "episodeId", "userId", "showId", "connectionId", "productionUuid", "customData", guid, now() FROM matched ORDER BY ord
         ON CONFLICT ("connectionId", "productionUuid") DO NOTHING
         RETURNING id, "connectionId", "productionUuid", "importState", "importError", "audioVersion"
       ), delivery AS (
         INSERT INTO "Delivery" (id, "connectionId", "httpStatus", accepted, reason, "productionUuid", "episodeId")
         SELECT m."deliveryId", e."connectionId", 200, true, $7, e."productionUuid", e.id
         FROM episode e JOIN matched m USING ("connectionId", "productionUuid")
       )
       SELECT id AS "episodeId", "connectionId", "productionUuid", "importState", "importError", "audioVersion" FROM episode`,
      [
        userId,
        sorted.map((item) => item.connectionId),
        sorted.map((item) => item.productionUuid),
        // Ids as accept-delivery makes them: lowercase letters and digits, the shape media keys and URLs expect.
        sorted.map(() => createRowId()),
        sorted.map(() => randomUUID()),
        sorted.map(() => createRowId()),
        FOUND_BY_RECONCILIATION_REASON,
      ],
    );
    if (rows.length === 0) return [];
    await queueImportRuns(
      tx,
      rows.map((row) => ({
        data: { connectionId: row.connectionId, productionUuid: row.productionUuid, episodeId: row.episodeId },
        episode: { importState: row.importState, importError: row.importError, audioVersion: row.audioVersion, isNew: true },
      })),
    );
    return rows.map(({ productionUuid, episodeId, connectionId }) => ({ productionUuid, episodeId, connectionId }));
  });
}

function createRowId(): string {
  return randomUUID().replaceAll("-", "");
}
