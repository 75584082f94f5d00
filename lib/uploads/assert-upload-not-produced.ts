import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { HANDOVER_STAGE } from "@/lib/produce/handover-stage";
import { unclaimedUpload } from "./unclaimed-upload";

/**
 * Refuses an upload that "Produce with Auphonic" has taken: claimed by a submit still creating its production, or
 * recorded as a production's file (a hand-over not failed). "Publish as it is" and "Replace audio" ask twice: before
 * copying (a quick answer), and in their switching transaction right after markUploadUsed, which locks the Upload
 * row: a claim or a recorded production committed meanwhile is then seen, and the transaction rolls back, so one
 * file never becomes both an episode here and a production in Auphonic.
 */
export async function assertUploadNotProduced(client: Prisma.TransactionClient | typeof db, userId: string, uploadId: string): Promise<void> {
  const claimed = await client.upload.count({ where: { id: uploadId, userId, NOT: unclaimedUpload() } });
  if (claimed > 0) {
    throw new AppError("GONE", "This upload is being sent to Auphonic right now (\u201cProduce with Auphonic\u201d). Wait for that production, or upload the file again to use it here.");
  }
  const produced = await client.knownProduction.count({ where: { userId, uploadId, stage: { not: HANDOVER_STAGE.failed } } });
  if (produced > 0) throw new AppError("GONE", "This upload is being produced with Auphonic already. Upload the file again to use it once more.");
}
