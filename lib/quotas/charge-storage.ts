import "server-only";
import { sqlOfPrisma } from "@/lib/database/sql";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getStorageUsage } from "./get-storage-usage";
import { storageQuotaError } from "./storage-quota-error";

/**
 * The storage quota's one rule, in the transaction that records new files (MediaFile rows, a cover): refuses
 * with QUOTA_EXCEEDED when `bytes` more would pass the creator's quota. A per-creator transaction lock is held
 * until that transaction ends, so two charges (in any processes) are counted one after the other and cannot
 * both pass. The caller removes the files it copied when this throws: nothing stays stored.
 */
export async function chargeStorage(tx: Prisma.TransactionClient, userId: string, bytes: number): Promise<void> {
  const sql = sqlOfPrisma(tx);
  await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended($1, 0))`, [`storage-quota:${userId}`]);
  const usage = await getStorageUsage(userId, sql);
  if (usage.quotaBytes !== null && usage.usedBytes + bytes > usage.quotaBytes) throw storageQuotaError({ ...usage, quotaBytes: usage.quotaBytes }, { neededBytes: bytes });
}
