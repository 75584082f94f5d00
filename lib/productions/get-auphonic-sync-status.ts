import "server-only";
import { db } from "@/lib/db";

/** When reconciliation last listed the creator's productions, and what went wrong since, for /auphonic. */
export async function getAuphonicSyncStatus(userId: string) {
  const sync = await db.auphonicSync.findUnique({
    where: { userId },
    select: { lastRunAt: true, lastSuccessAt: true, nextRunAt: true, lastError: true },
  });
  return sync ?? { lastRunAt: null, lastSuccessAt: null, nextRunAt: null, lastError: null };
}
