import "server-only";
import { isAuphonicId } from "@/lib/auphonic/auphonic-id";
import { createProduction } from "@/lib/auphonic/create-production";
import { db } from "@/lib/db";
import { EPISODE_TEXT_LIMITS } from "@/lib/episodes/episode-input";
import { AppError, isAppError } from "@/lib/errors";
import { publicShowUrl } from "@/lib/feed/feed-urls";
import { hasControlCharacters, MULTILINE_MESSAGE, SINGLE_LINE_MESSAGE } from "@/lib/forms/has-control-characters";
import { queueHandover } from "@/lib/jobs/handover-queue";
import { openUploadStream } from "@/lib/uploads/open-upload-stream";
import { unclaimedUpload } from "@/lib/uploads/unclaimed-upload";
import { UPLOAD_TTL_MS } from "@/lib/uploads/upload-limits";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";
import { HANDOVER_STAGE } from "./handover-stage";

export type ProduceInput = {
  userId: string;
  showId: string;
  connectionId: string;
  uploadId: string;
  presetUuid: string | null;
  title: string;
  summary: string;
};

/**
 * Creates an Auphonic production for an uploaded file: the show's metadata (author as artist, title as album, owner
 * as publisher, its link or public page as URL), the connection as its publishing target, the creator's preset if
 * chosen. Records it (KnownProduction, stage "uploading") and queues the hand-over (the upload, then the start) in
 * one transaction. Refuses another creator's show, connection or upload as NOT_FOUND, and an upload that is already
 * being produced: the upload is claimed before Auphonic is asked, so a double submit makes one production.
 */
export async function produceWithAuphonic(input: ProduceInput): Promise<{ productionUuid: string }> {
  const title = input.title.trim();
  const summary = input.summary.trim();
  checkText(title, summary, input.presetUuid);
  const show = await db.show.findFirst({ where: { id: input.showId, userId: input.userId } });
  if (!show) throw new AppError("NOT_FOUND", "This show does not exist.");
  const connection = await db.connection.findFirst({ where: { id: input.connectionId, userId: input.userId, showId: show.id, deletedAt: null } });
  if (!connection) throw new AppError("NOT_FOUND", "This connection does not exist (or belongs to another show).", { connectionId: ["Choose a connection of this show."] });
  if (!isAuphonicId(connection.auphonicServiceUuid)) {
    throw new AppError("BAD_REQUEST", "Auphonic did not tell Podhaven this connection's service id, so a production cannot be sent to it. Save the connection again on its page, then retry.", {
      connectionId: ["Not registered with Auphonic: save the connection again on its page."],
    });
  }
  // Opened only to check it: the user's, not used, not expired. The hand-over opens it again to send it.
  const upload = await openUploadStream(input.userId, input.uploadId);
  upload.stream.destroy();
  const claimedAt = await claimUpload(input.userId, input.uploadId);
  try {
    const inFlight = await db.knownProduction.findFirst({ where: { userId: input.userId, uploadId: input.uploadId, stage: { not: HANDOVER_STAGE.failed } }, select: { uuid: true } });
    if (inFlight) throw alreadyProduced();
    const token = await getAuphonicTokenOrThrow(input.userId);
    const uuid = await createFor(token, input, show, connection.auphonicServiceUuid, { title, summary });
    const fields = { title, showId: show.id, connectionId: connection.id, uploadId: input.uploadId, stage: HANDOVER_STAGE.uploading, stageError: null, serviceUuids: [connection.auphonicServiceUuid] };
    await db.$transaction(async (tx) => {
      // Reconciliation may have listed the new production already: the row is then completed, not made twice.
      await tx.knownProduction.upsert({
        where: { userId_uuid: { userId: input.userId, uuid } },
        create: { userId: input.userId, uuid, createdAt: new Date(), statusString: "Incomplete", status: 9, ...fields },
        update: fields,
      });
      await queueHandover(tx, { userId: input.userId, productionUuid: uuid });
      // From here the record (stage "uploading") refuses another production of this upload.
      await tx.upload.updateMany({ where: { id: input.uploadId, claimedAt }, data: { claimedAt: null } });
      // The hourly removal of expired uploads must not take the file while the hand-over (retries included) sends it.
      await tx.upload.update({ where: { id: input.uploadId }, data: { expiresAt: new Date(Date.now() + UPLOAD_TTL_MS) } });
    });
    return { productionUuid: uuid };
  } catch (error) {
    // Released, so the creator can try again at once; left (for UPLOAD_CLAIM_LIFETIME_MS) only if the database is gone too.
    await db.upload.updateMany({ where: { id: input.uploadId, claimedAt }, data: { claimedAt: null } }).catch(() => {});
    throw error;
  }
}

const alreadyProduced = () =>
  new AppError("BAD_REQUEST", "This file is already being produced with Auphonic.", { uploadId: ["Already sent to Auphonic: upload the file again to make another production."] });

/**
 * Claims the upload for this submit, atomically, or refuses it: a second submit (a double click, two tabs) finds it
 * claimed. A claim older than UPLOAD_CLAIM_LIFETIME_MS is a request's that died before it released it, and is taken over.
 */
async function claimUpload(userId: string, uploadId: string): Promise<Date> {
  const claimedAt = new Date();
  const { count } = await db.upload.updateMany({
    where: { id: uploadId, userId, usedAt: null, ...unclaimedUpload(claimedAt) },
    data: { claimedAt },
  });
  if (count === 0) throw alreadyProduced();
  return claimedAt;
}

type ShowFields = { author: string; title: string; ownerName: string; link: string | null; slug: string };

async function createFor(token: string, input: ProduceInput, show: ShowFields, serviceUuid: string, text: { title: string; summary: string }): Promise<string> {
  const { title, summary } = text;
  try {
    const { uuid } = await createProduction(token, {
      presetUuid: input.presetUuid,
      metadata: {
        title,
        summary,
        artist: show.author,
        album: show.title,
        publisher: show.ownerName,
        url: show.link ?? publicShowUrl(show.slug),
        year: String(new Date().getUTCFullYear()),
      },
      outgoingServiceUuids: [serviceUuid],
    });
    return uuid;
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) await markAuphonicTokenInvalid(input.userId);
    // Auphonic may answer a preset that is not the user's with 403/404 instead of a field error.
    if (input.presetUuid && (isAppError(error, "NOT_FOUND") || isAppError(error, "FORBIDDEN"))) {
      throw new AppError("BAD_REQUEST", "Auphonic does not know this preset (it may have been deleted): choose another one, or none.", { presetUuid: ["Choose one of your presets, or none."] });
    }
    if (isAppError(error, "BAD_REQUEST") && Object.keys(error.fieldErrors).length > 0) {
      const fields = Object.entries(error.fieldErrors).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
      throw new AppError("BAD_REQUEST", `Auphonic refused the production (${fields.join("; ")}).`, error.fieldErrors.preset ? { presetUuid: error.fieldErrors.preset } : {});
    }
    throw error;
  }
}

function checkText(title: string, summary: string, presetUuid: string | null) {
  const fieldErrors: Record<string, string[]> = {};
  if (title === "") fieldErrors.title = ["Enter a title."];
  else if (title.length > EPISODE_TEXT_LIMITS.title) fieldErrors.title = [`At most ${EPISODE_TEXT_LIMITS.title} characters.`];
  else if (hasControlCharacters(title)) fieldErrors.title = [SINGLE_LINE_MESSAGE];
  if (summary.length > EPISODE_TEXT_LIMITS.summary) fieldErrors.summary = [`At most ${EPISODE_TEXT_LIMITS.summary} characters.`];
  else if (hasControlCharacters(summary, { multiline: true })) fieldErrors.summary = [MULTILINE_MESSAGE];
  if (presetUuid !== null && !isAuphonicId(presetUuid)) fieldErrors.presetUuid = ["Choose one of your presets, or none."];
  if (Object.keys(fieldErrors).length > 0) throw new AppError("BAD_REQUEST", "Please correct the fields marked below.", fieldErrors);
}
