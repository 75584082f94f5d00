import "server-only";
import { randomUUID } from "node:crypto";
import { withTransaction } from "@/lib/database/sql";
import { queueImportRun, type EpisodeImportState } from "@/lib/jobs/import-queue";

export type AcceptedDelivery = { episodeId: string; customData: string; showSlug: string };

/**
 * A verified delivery to a live connection, in one transaction: the episode (created with its permanent guid on
 * the first delivery, its row locked against concurrent deliveries and the end of a running import), the
 * accepted Delivery row, and the import. Null when no live connection has this webhook secret: the caller then
 * works out why, and logs the refusal.
 * Plain SQL, one statement for the first three: it runs on every delivery (npm run bench:webhook).
 */
export async function acceptDelivery(webhookSecret: string, productionUuid: string, customDataFromJwt: string | null): Promise<AcceptedDelivery | null> {
  return withTransaction(async (tx) => {
    const [row] = await tx.query<EpisodeImportState & { connectionId: string; customData: string; showSlug: string }>(
      `WITH connection AS (
         SELECT c.id, c."userId", c."showId", c."customData", s.slug
         FROM "Connection" c JOIN "Show" s ON s.id = c."showId"
         WHERE c."webhookSecret" = $1 AND c."deletedAt" IS NULL
       ), episode AS (
         INSERT INTO "Episode" (id, "userId", "showId", "connectionId", "productionUuid", "customData", guid, "updatedAt")
         SELECT $2, "userId", "showId", id, $3, COALESCE($4, "customData"), $5, now() FROM connection
         ON CONFLICT ("connectionId", "productionUuid") DO UPDATE SET "customData" = EXCLUDED."customData", "updatedAt" = now()
         RETURNING id, "connectionId", "customData", "importState", "importError", "audioVersion", (xmax = 0) AS "isNew"
       ), delivery AS (
         INSERT INTO "Delivery" (id, "connectionId", "httpStatus", accepted, reason, "productionUuid", "episodeId")
         SELECT $6, "connectionId", 200, true, 'Accepted; import queued.', $3, id FROM episode
       )
       SELECT episode.*, connection.slug AS "showSlug" FROM episode, connection`,
      // Ids: lowercase letters and digits, the shape of Prisma's cuids that media keys and URLs expect.
      [webhookSecret, createRowId(), productionUuid, customDataFromJwt, randomUUID(), createRowId()],
    );
    if (!row) return null;
    await queueImportRun(tx, { connectionId: row.connectionId, productionUuid, episodeId: row.id }, row);
    return { episodeId: row.id, customData: row.customData, showSlug: row.showSlug };
  });
}

function createRowId(): string {
  return randomUUID().replaceAll("-", "");
}
