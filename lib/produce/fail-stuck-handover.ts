import "server-only";
import { db } from "@/lib/db";
import { hasLiveHandover } from "@/lib/jobs/handover-queue";
import { HANDOVER_STAGE } from "./handover-stage";

/**
 * Ends failed a production still "uploading" whose hand-over job has ended without recording an outcome (a worker
 * that died on the last attempt): nothing would ever move it on. Asked by the status page when it is opened and by
 * the housekeeping job every 15 minutes (./fail-stuck-handovers.ts). True when it was marked failed now.
 */
export async function failStuckHandover(userId: string, uuid: string): Promise<boolean> {
  if (await hasLiveHandover(uuid)) return false;
  // Only while still "uploading": a hand-over that recorded its outcome meanwhile keeps it.
  const { count } = await db.knownProduction.updateMany({
    where: { userId, uuid, stage: HANDOVER_STAGE.uploading },
    data: { stage: HANDOVER_STAGE.failed, stageError: "The hand-over to Auphonic stopped before the file was sent and started. Upload the file again." },
  });
  return count > 0;
}
