import "server-only";
import { db } from "@/lib/db";
import { getMoveInPreviewUse } from "./charge-move-in-preview";
import { getStorageUsage, type StorageUsage } from "./get-storage-usage";

export type QuotaSummary = {
  storage: StorageUsage;
  runningMoveIn: { id: string; title: string | null } | null;
  previews: { used: number; allowed: number };
};

/** A creator's quotas as the dashboard and the account page show them: used and allowed. */
export async function getQuotaSummary(userId: string): Promise<QuotaSummary> {
  const [storage, running, previews] = await Promise.all([
    getStorageUsage(userId),
    db.moveIn.findFirst({ where: { userId, state: "importing" }, select: { id: true, show: { select: { title: true } } } }),
    getMoveInPreviewUse(userId),
  ]);
  return { storage, runningMoveIn: running ? { id: running.id, title: running.show?.title ?? null } : null, previews };
}
