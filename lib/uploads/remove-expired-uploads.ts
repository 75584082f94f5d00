import "server-only";
import { db } from "@/lib/db";
import { defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { getStorage } from "@/lib/storage/media-storage";
import { uploadFolder } from "./upload-limits";

// Staged uploads last UPLOAD_TTL_MS (24 h): one never used (a closed tab) is removed after that, and a used one's file
// as soon as this runs (publishing removes it at once; a production's hand-over leaves it here). Hourly.
const KIND = "remove-expired-uploads";

// KnownProduction.stage of a hand-over still sending its upload to Auphonic (lib/produce/, which imports this folder).
const HANDOVER_UPLOADING = "uploading";

/**
 * Removes the files and rows of used and expired uploads (the first 500); returns how many went. An upload a
 * hand-over is still sending to Auphonic stays, however old: removing it would fail that production.
 */
export async function removeExpiredUploads(now = new Date()): Promise<number> {
  const storage = await getStorage();
  const handedOver = await db.knownProduction.findMany({ where: { stage: HANDOVER_UPLOADING, uploadId: { not: null } }, select: { uploadId: true } });
  const due = await db.upload.findMany({
    where: { OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }], id: { notIn: handedOver.map((production) => production.uploadId!) } },
    select: { id: true, userId: true },
    orderBy: { expiresAt: "asc" },
    take: 500,
  });
  let removed = 0;
  for (const upload of due) {
    // Storage first: a failure leaves the row, and the next run tries again.
    try {
      await storage.deletePrefix(uploadFolder(upload.userId, upload.id));
      await db.upload.delete({ where: { id: upload.id } });
      removed++;
    } catch (error) {
      console.error(`Uploads: could not remove ${upload.id}; the next run tries again:`, error);
    }
  }
  return removed;
}

/** Keeps one pending run, at the next full hour; workers call it at start, each run schedules the next. */
export async function scheduleUploadExpiry(now = new Date()) {
  const next = new Date(Math.floor(now.getTime() / 3_600_000 + 1) * 3_600_000);
  await scheduleJob(KIND, {}, next, { key: "hourly" });
}

defineScheduledJob(KIND, async () => {
  try {
    let removed = 0;
    for (let batch = await removeExpiredUploads(); batch > 0; batch = await removeExpiredUploads()) removed += batch;
    if (removed > 0) console.log(`Uploads: ${removed} used or expired uploads removed.`);
  } finally {
    await scheduleUploadExpiry();
  }
});
