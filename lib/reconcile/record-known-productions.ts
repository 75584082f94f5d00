import "server-only";
import type { ProductionSummary } from "@/lib/auphonic/summarize-production";
import { sql } from "@/lib/database/sql";

/**
 * Upserts what Auphonic said about these productions of the user, in one statement: title, status, error message,
 * review, targets and times. The columns of productions Podhaven made itself (show, connection, upload, stage)
 * are never written here. Rows go in uuid order, so two runs at once lock them in the same order.
 */
export async function recordKnownProductions(userId: string, productions: ProductionSummary[]): Promise<void> {
  if (productions.length === 0) return;
  const rows = [...new Map(productions.map((production) => [production.uuid, production])).values()].sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
  await sql.query(
    `INSERT INTO "KnownProduction" ("userId", uuid, title, status, "statusString", "errorMessage", "inReview", "serviceUuids", "createdAt", "changeTime", "seenAt")
     SELECT $1, i.uuid, i.title, i.status, i."statusString", i."errorMessage", i."inReview",
       ARRAY(SELECT jsonb_array_elements_text(i.services::jsonb)), i."createdAt" AT TIME ZONE 'UTC', i."changeTime", now()
     FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::boolean[], $8::text[], $9::timestamptz[], $10::text[]) WITH ORDINALITY
       AS i(uuid, title, status, "statusString", "errorMessage", "inReview", services, "createdAt", "changeTime", ord)
     ORDER BY i.ord
     ON CONFLICT ("userId", uuid) DO UPDATE SET
       title = EXCLUDED.title, status = EXCLUDED.status, "statusString" = EXCLUDED."statusString",
       "errorMessage" = EXCLUDED."errorMessage", "inReview" = EXCLUDED."inReview", "serviceUuids" = EXCLUDED."serviceUuids",
       "createdAt" = COALESCE(EXCLUDED."createdAt", "KnownProduction"."createdAt"), "changeTime" = EXCLUDED."changeTime", "seenAt" = now()`,
    [
      userId,
      rows.map((production) => production.uuid),
      rows.map((production) => production.title),
      rows.map((production) => production.status),
      rows.map((production) => production.statusString),
      rows.map((production) => production.errorMessage),
      rows.map((production) => production.isInReview),
      rows.map((production) => JSON.stringify(production.serviceUuids)),
      rows.map((production) => production.createdAt?.toISOString() ?? null),
      rows.map((production) => production.changeTime),
    ],
  );
}
