import "server-only";
import { sql as poolSql, type Sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";

/** `quotaBytes` null: unlimited. */
export type StorageUsage = { usedBytes: number; quotaBytes: number | null };

/**
 * What a creator's media takes in storage: every current file of their episodes (audio, transcripts, images,
 * artwork), their shows' covers, and files replaced by a re-import or a new upload while they are still kept for
 * the grace period (lib/storage/retire-media.ts). A deleted episode's files stop counting at once: they are no
 * longer the creator's to serve. `sql`: a transaction's, to read under charge-storage.ts's lock.
 */
export async function getStorageUsage(userId: string, sql: Sql = poolSql): Promise<StorageUsage> {
  const [row] = await sql.query<{ usedBytes: number; quotaOverride: number | null }>(
    `SELECT u."storageQuotaBytes"::float8 AS "quotaOverride",
       (COALESCE((SELECT SUM(f.size) FROM "MediaFile" f JOIN "Episode" e ON e.id = f."episodeId" WHERE e."userId" = u.id), 0)
        + COALESCE((SELECT SUM(s."coverSize") FROM "Show" s WHERE s."userId" = u.id), 0)
        + COALESCE((SELECT SUM(r.size) FROM "RetiredMedia" r JOIN "Show" s ON s.id = r."showId" WHERE s."userId" = u.id AND r.size IS NOT NULL), 0)
       )::float8 AS "usedBytes"
     FROM "User" u WHERE u.id = $1`,
    [userId],
  );
  if (!row) return { usedBytes: 0, quotaBytes: quotaOf(null) };
  return { usedBytes: Number(row.usedBytes), quotaBytes: quotaOf(row.quotaOverride === null ? null : Number(row.quotaOverride)) };
}

function quotaOf(override: number | null): number | null {
  const quota = override ?? env.storageQuotaBytes;
  return quota === 0 ? null : quota;
}
