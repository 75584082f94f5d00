import "server-only";
import type { Readable } from "node:stream";
import { getProductionStatus, NOT_STARTED_STATUSES, type ProductionStatus } from "@/lib/auphonic/get-production-status";
import { PRODUCTION_STATUS } from "@/lib/auphonic/production";
import { startProduction } from "@/lib/auphonic/start-production";
import { uploadProductionInput, type UploadFile } from "@/lib/auphonic/upload-production-input";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { isAppError } from "@/lib/errors";
import type { HandoverRun } from "@/lib/jobs/handover-queue";
import { contentTypeFor } from "@/lib/media/content-type";
import { getStorage } from "@/lib/storage/media-storage";
import { markUploadUsed } from "@/lib/uploads/mark-upload-used";
import { openUploadStream } from "@/lib/uploads/open-upload-stream";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";
import { HANDOVER_STAGE } from "./handover-stage";

/**
 * The hand-over job (lib/jobs/handover-queue.ts): streams the staged upload (and the show's cover) from storage to
 * Auphonic, starts the production and marks the upload used: stage "started". A refusal (4xx, an upload gone) ends
 * it "failed" with the reason; Auphonic unreachable or slowing us down (429) is thrown, so the queue retries it with
 * backoff (not before Retry-After), until the last attempt records it failed. A production no longer "uploading"
 * (done by an earlier run) is left alone. A retry first asks Auphonic whether the production was started after all (a start whose answer was lost, a run that died
 * before recording it, the creator starting it in Auphonic): then it is recorded started, with nothing sent again.
 */
export async function handOverProduction(run: HandoverRun, signal?: AbortSignal): Promise<void> {
  const known = await db.knownProduction.findUnique({ where: { userId_uuid: { userId: run.userId, uuid: run.productionUuid } } });
  if (!known || known.stage !== HANDOVER_STAGE.uploading || !known.uploadId) return;
  const uploadId = known.uploadId;
  const opened: Readable[] = [];
  try {
    const token = await getAuphonicTokenOrThrow(run.userId);
    if (run.attempt > 1) {
      const now = await getProductionStatus(token, run.productionUuid);
      if (!NOT_STARTED_STATUSES.includes(now.status)) return await recordStarted(run, uploadId, now);
    }
    const upload = await openUploadStream(run.userId, uploadId);
    opened.push(upload.stream);
    const image = await openCover(known.showId, run.userId, opened);
    await uploadProductionInput(token, run.productionUuid, { inputFile: { ...upload, stream: upload.stream }, image }, { deadlineMs: env.fetchDeadlineMs, signal });
    await startProduction(token, run.productionUuid);
    await recordStarted(run, uploadId, { status: 1, statusString: "Waiting" });
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) await markAuphonicTokenInvalid(run.userId).catch(() => {});
    // A 429 is retried too: the queue holds the next attempt back for at least its Retry-After.
    const isRetryable = (isAppError(error, "AUPHONIC_UNAVAILABLE") || isAppError(error, "RATE_LIMITED") || !isAppError(error)) && !run.isLastAttempt;
    const reason = describeFailure(error, isRetryable);
    await db.knownProduction.updateMany({
      where: { userId: run.userId, uuid: run.productionUuid, stage: HANDOVER_STAGE.uploading },
      data: isRetryable ? { stageError: reason } : { stage: HANDOVER_STAGE.failed, stageError: reason },
    });
    if (isRetryable) throw error;
    if (!isAppError(error)) console.error(`Hand-over of ${run.productionUuid} failed:`, error);
  } finally {
    for (const stream of opened) stream.destroy();
  }
}

const isFinished = (status: number) => status === PRODUCTION_STATUS.DONE || status === PRODUCTION_STATUS.ERROR;

/** Stage "started" and the upload used, once: a run that finds the production already moved on records nothing. */
async function recordStarted(run: HandoverRun, uploadId: string, { status, statusString }: ProductionStatus): Promise<void> {
  await db.$transaction(async (tx) => {
    const moved = await tx.knownProduction.updateMany({
      where: { userId: run.userId, uuid: run.productionUuid, stage: HANDOVER_STAGE.uploading },
      // seenAt in the past: the status page asks Auphonic at its next poll; for one already finished, unknown
      // status makes that poll read its outcome too (the reason of an error, a review).
      data: { stage: HANDOVER_STAGE.started, stageError: null, status: isFinished(status) ? null : status, statusString, seenAt: new Date(0) },
    });
    if (moved.count > 0) await markUploadUsed(tx, uploadId);
  });
}

/** The show's cover as the production's image, streamed from storage; none when the show has none (or it is gone). */
async function openCover(showId: string | null, userId: string, opened: Readable[]): Promise<UploadFile | null> {
  if (!showId) return null;
  const show = await db.show.findFirst({ where: { id: showId, userId }, select: { coverPath: true } });
  if (!show?.coverPath) return null;
  const storage = await getStorage();
  const head = await storage.head(show.coverPath);
  const stream = head ? await storage.open(show.coverPath) : null;
  if (!head || !stream) return null;
  opened.push(stream);
  const filename = show.coverPath.slice(show.coverPath.lastIndexOf("/") + 1);
  return { stream, size: head.size, filename, contentType: contentTypeFor(filename) };
}

function describeFailure(error: unknown, willRetry: boolean): string {
  const message = isAppError(error) ? error.message : "Sending the file to Auphonic failed on our side.";
  if (willRetry) return `${message} Trying again shortly.`;
  if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) return `${message} Reconnect your Auphonic account, then produce the file again.`;
  return message;
}
