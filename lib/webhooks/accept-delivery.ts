import "server-only";
import { randomUUID } from "node:crypto";
import { withTransaction } from "@/lib/database/sql";
import { queueImportRuns, type EpisodeImportState } from "@/lib/jobs/import-queue";

/** `notImported`: answered 200 all the same (Auphonic has nothing to send again), with the logged reason. */
export type AcceptedDelivery = { kind: "accepted"; episodeId: string; customData: string; showSlug: string } | { kind: "notImported"; reason: string };
type Waiting = { secret: string; productionUuid: string; customDataFromJwt: string | null; resolve: (value: AcceptedDelivery | null) => void; reject: (error: unknown) => void };

// Deliveries that arrive together are accepted together, in one transaction (group commit): under a burst each
// transaction takes every delivery waiting for it, so its statements and its commit are paid once per batch,
// not once per delivery (npm run bench:webhook). Alone, a delivery is a batch of one and waits for nothing.
const MAX_BATCH = 100;
// Transactions in flight at once; the rest of the pool stays free for pages, feeds and media.
const MAX_BATCHES = 2;
const waiting: Waiting[] = [];
let batchesRunning = 0;

/**
 * A verified delivery to a live connection: the episode (created with its permanent guid on the first delivery,
 * its row locked against concurrent deliveries and the end of a running import), the accepted Delivery row, and
 * the import, all in one transaction. Nothing but the Delivery row when the creator deleted its episode
 * (DeletedProduction) or imported the production into another show on purpose ("Import into…", as reconciliation
 * leaves it: lib/reconcile/import-found-productions.ts) and this connection has no episode of it. Null when no live connection has this webhook secret: the caller then works
 * out why, and logs the refusal.
 */
export function acceptDelivery(secret: string, productionUuid: string, customDataFromJwt: string | null): Promise<AcceptedDelivery | null> {
  return new Promise((resolve, reject) => {
    waiting.push({ secret, productionUuid, customDataFromJwt, resolve, reject });
    startBatches();
  });
}

function startBatches() {
  while (batchesRunning < MAX_BATCHES && waiting.length > 0) {
    const batch = waiting.splice(0, MAX_BATCH);
    batchesRunning++;
    void runBatch(batch).finally(() => {
      batchesRunning--;
      startBatches();
    });
  }
}

async function runBatch(batch: Waiting[]) {
  try {
    const results = await acceptTogether(batch);
    batch.forEach((delivery, index) => delivery.resolve(results[index]!));
  } catch (error) {
    if (batch.length === 1) return batch[0]!.reject(error);
    // Whatever failed the batch (a deadlock, one delivery's bad data) fails no other delivery: each alone.
    for (const delivery of batch) await acceptTogether([delivery]).then(([result]) => delivery.resolve(result!), delivery.reject);
  }
}

type Row = Omit<EpisodeImportState, "id"> & { ord: string; id: string | null; isDeleted: boolean; isChosenElsewhere: boolean; connectionId: string; productionUuid: string; customData: string; showSlug: string };

export const DELETED_PRODUCTION_REASON = "Not imported: its episode was deleted. Import it again from the connection's page.";
export const CHOSEN_ELSEWHERE_REASON = "Already imported into another show on purpose; nothing done.";

/** One transaction for all of `batch`: one statement for connections, episodes and deliveries, then the imports. */
async function acceptTogether(batch: Omit<Waiting, "resolve" | "reject">[]): Promise<(AcceptedDelivery | null)[]> {
  return withTransaction(async (tx) => {
    // Episodes are inserted in key order, so concurrent batches lock the rows they share in the same order.
    const rows = await tx.query<Row>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
           AS i(secret, "productionUuid", "customData", "episodeId", guid, "deliveryId", ord)
       ), matched AS (
         SELECT i.*, c.id AS "connectionId", c."userId", c."showId", COALESCE(i."customData", c."customData") AS "resolvedCustomData", s.slug,
           d.id IS NOT NULL AS "isDeleted",
           -- Chosen for another show by the creator ("Import into…") and never this connection's: left where it is.
           -- Through the creator's connections, so that each probe is the episodes' unique key.
           (NOT EXISTS (SELECT 1 FROM "Episode" x WHERE x."connectionId" = c.id AND x."productionUuid" = i."productionUuid")
             AND EXISTS (SELECT 1 FROM "Connection" oc JOIN "Episode" o ON o."connectionId" = oc.id AND o."productionUuid" = i."productionUuid"
               WHERE oc."userId" = c."userId" AND oc.id <> c.id AND o."productionChosenByCreator")) AS "isChosenElsewhere"
         FROM input i JOIN "Connection" c ON c."webhookSecret" = i.secret AND c."deletedAt" IS NULL JOIN "Show" s ON s.id = c."showId"
         LEFT JOIN "DeletedProduction" d ON d."connectionId" = c.id AND d."productionUuid" = i."productionUuid"
       ), episode AS (
         INSERT INTO "Episode" (id, "userId", "showId", "connectionId", "productionUuid", "customData", guid, "updatedAt")
         SELECT DISTINCT ON ("connectionId", "productionUuid") "episodeId", "userId", "showId", "connectionId", "productionUuid", "resolvedCustomData", guid, now()
         FROM matched WHERE NOT "isDeleted" AND NOT "isChosenElsewhere" ORDER BY "connectionId", "productionUuid", ord DESC
         ON CONFLICT ("connectionId", "productionUuid") DO UPDATE SET "customData" = EXCLUDED."customData", "updatedAt" = now()
         RETURNING id, "connectionId", "productionUuid", "importState", "importError", "audioVersion", (xmax = 0) AS "isNew"
       ), delivery AS (
         INSERT INTO "Delivery" (id, "connectionId", "httpStatus", accepted, reason, "productionUuid", "episodeId")
         SELECT m."deliveryId", m."connectionId", 200, NOT m."isDeleted",
           CASE WHEN m."isDeleted" THEN $7 WHEN m."isChosenElsewhere" THEN $8 ELSE 'Accepted; import queued.' END,
           m."productionUuid", e.id
         FROM matched m LEFT JOIN episode e USING ("connectionId", "productionUuid")
       )
       SELECT m.ord::text AS ord, m."isDeleted", m."isChosenElsewhere", e.*, m."resolvedCustomData" AS "customData", m.slug AS "showSlug"
       FROM matched m LEFT JOIN episode e USING ("connectionId", "productionUuid")`,
      [
        batch.map((delivery) => delivery.secret),
        batch.map((delivery) => delivery.productionUuid),
        batch.map((delivery) => delivery.customDataFromJwt),
        // Ids: lowercase letters and digits, the shape of Prisma's cuids that media keys and URLs expect.
        batch.map(() => createRowId()),
        batch.map(() => randomUUID()),
        batch.map(() => createRowId()),
        DELETED_PRODUCTION_REASON,
        CHOSEN_ELSEWHERE_REASON,
      ],
    );
    const episodes = new Map(rows.flatMap((row) => (row.id ? [[row.id, { ...row, id: row.id }] as const] : [])));
    await queueImportRuns(
      tx,
      [...episodes.values()].map((row) => ({ data: { connectionId: row.connectionId, productionUuid: row.productionUuid, episodeId: row.id }, episode: row })),
    );
    const byOrdinal = new Map(rows.map((row) => [Number(row.ord), row]));
    return batch.map((_, index) => {
      const row = byOrdinal.get(index + 1);
      if (!row) return null;
      if (row.isDeleted || !row.id) return { kind: "notImported", reason: row.isDeleted || !row.isChosenElsewhere ? DELETED_PRODUCTION_REASON : CHOSEN_ELSEWHERE_REASON };
      return { kind: "accepted", episodeId: row.id, customData: row.customData, showSlug: row.showSlug };
    });
  });
}

function createRowId(): string {
  return randomUUID().replaceAll("-", "");
}
