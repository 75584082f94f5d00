import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { getStorage } from "./media-storage";

// Media that stops being current is not removed at once: a re-import's earlier version was sent out as immutable
// (feeds, apps that downloaded the URL), and a deletion may be a mistake noticed the same day. It is retired for
// MEDIA_GRACE_DAYS, then a job (hourly) removes it from storage.
export const MEDIA_GRACE_DAYS = 7;
const KIND = "remove-retired-media";

export type RetiredEntry = {
  /** A key, or a prefix ending in "/". */
  key: string;
  showId: string;
  episodeId?: string | null;
  /** Still answered at its URL during the grace period (while its episode is published, or its show exists). */
  isServable?: boolean;
  contentType?: string | null;
  size?: number | null;
};

/** Records media to remove after the grace period, in the caller's transaction. */
export async function retireMedia(tx: Prisma.TransactionClient, entries: RetiredEntry[], now = new Date()): Promise<void> {
  if (entries.length === 0) return;
  const deleteAfter = new Date(now.getTime() + MEDIA_GRACE_DAYS * 24 * 60 * 60 * 1000);
  await tx.retiredMedia.createMany({
    data: entries.map((entry) => ({
      key: entry.key,
      showId: entry.showId,
      episodeId: entry.episodeId ?? null,
      isServable: entry.isServable ?? false,
      contentType: entry.contentType ?? null,
      size: entry.size == null ? null : BigInt(entry.size),
      deleteAfter,
    })),
  });
}

/** Removes from storage what is past its grace period, then its record; returns how many entries went (the first 500 due). */
export async function removeDueMedia(now = new Date()): Promise<number> {
  const storage = await getStorage();
  const due = await db.retiredMedia.findMany({ where: { deleteAfter: { lte: now } }, orderBy: { deleteAfter: "asc" }, take: 500 });
  let removed = 0;
  for (const entry of due) {
    // Storage first: a failure leaves the record, and the next run tries again; the others go on.
    try {
      if (entry.key.endsWith("/")) await storage.deletePrefix(entry.key);
      else await storage.delete(entry.key);
      await db.retiredMedia.delete({ where: { id: entry.id } });
      removed++;
    } catch (error) {
      console.error(`Media: could not remove retired ${entry.key}; the next run tries again:`, error);
    }
  }
  return removed;
}

/** Keeps one pending run, at the next full hour; workers call it at start, each run schedules the next. */
export async function scheduleMediaRemoval(now = new Date()) {
  const next = new Date(Math.floor(now.getTime() / 3_600_000 + 1) * 3_600_000);
  await scheduleJob(KIND, {}, next, { key: "hourly" });
}

defineScheduledJob(KIND, async () => {
  try {
    let removed = 0;
    for (let batch = await removeDueMedia(); batch > 0; batch = await removeDueMedia()) removed += batch;
    if (removed > 0) console.log(`Media: ${removed} retired files or folders removed after their grace period.`);
  } finally {
    await scheduleMediaRemoval();
  }
});
