import "server-only";
import { randomUUID } from "node:crypto";
import { sqlOfPrisma } from "@/lib/database/sql";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";
import { copyRemoteFile } from "@/lib/ingestion/copy-remote-file";
import { RefusedFileError, SlowFetchError } from "@/lib/ingestion/ingestion-errors";
import { removeAttemptFolder } from "@/lib/ingestion/remove-attempt-folder";
import { consumeRateLimit } from "@/lib/quotas/consume-rate-limit";
import { formatBytes } from "@/lib/quotas/format-bytes";
import { getStorageUsage } from "@/lib/quotas/get-storage-usage";
import { storageQuotaError } from "@/lib/quotas/storage-quota-error";
import { getStorage, TooLargeError } from "@/lib/storage/media-storage";
import { safeUploadFilename } from "./safe-upload-filename";
import { UPLOAD_RATE_LIMIT, UPLOAD_TTL_MS, uploadFolder } from "./upload-limits";

export type UploadRequest = {
  filename: string | null;
  /** The request's headers: Content-Length (required: it is reserved under the quota before a byte is read) and Content-Encoding. */
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  /** The request's own signal: a browser that cancels stops the write, and nothing stays stored. */
  signal?: AbortSignal;
};
export type ReceivedUpload = { uploadId: string; filename: string; size: number };

/**
 * A browser's upload (POST /api/uploads), staged for 24 hours: counted against the creator's rate limit, refused
 * unread without a Content-Length or when it declares more than MEDIA_MAX_FILE_BYTES or the room left under the quota
 * (less what their other staged uploads hold, those still arriving included). The declared size is reserved first (the
 * Upload row, still without `receivedAt`), so uploads started at once cannot pass the quota together; then the body is
 * streamed through the ingestion core (lib/ingestion/copy-remote-file.ts: deadline and minimum rate, no encoding,
 * sniffed as audio by its first bytes, cut off at the declared size) into storage, whole or not at all.
 */
export async function receiveUpload(userId: string, request: UploadRequest): Promise<ReceivedUpload> {
  const limit = await consumeRateLimit(UPLOAD_RATE_LIMIT, userId);
  if (!limit.isAllowed) {
    throw new AppError("TOO_MANY_REQUESTS", `You started more than ${UPLOAD_RATE_LIMIT.points} uploads this hour; try again in ${Math.ceil(limit.msBeforeNext / 60_000)} minutes.`);
  }
  const label = safeUploadFilename(request.filename);
  if (!request.body) throw new AppError("BAD_REQUEST", "The upload has no body: send the file itself as the request's body.");
  const declared = parseContentLength(request.headers.get("content-length"));
  const uploadId = randomUUID();
  const folder = uploadFolder(userId, uploadId);
  const room = await reserveUploadRoom(userId, { uploadId, folder, label, bytes: declared });

  const storage = await getStorage();
  // The ingestion core opens "remote" files as fetch Responses: the request's body is one, with the headers it checks.
  const headers = new Headers();
  for (const name of ["content-length", "content-encoding"]) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  try {
    const copied = await copyRemoteFile(storage, async () => new Response(uncancellable(request.body!), { headers }), {
      what: "uploaded file",
      key: (detected) => `${folder}${safeUploadFilename(label, detected?.extension)}`,
      maxBytes: declared,
      expect: "audio",
      signal: request.signal,
    });
    const filename = copied.key.slice(folder.length);
    const { count } = await db.upload.updateMany({
      where: { id: uploadId, receivedAt: null },
      data: { key: copied.key, filename, size: BigInt(copied.size), contentType: copied.contentType, receivedAt: new Date(), expiresAt: new Date(Date.now() + UPLOAD_TTL_MS) },
    });
    // Removed meanwhile by the hourly job: the copy took longer than its reservation lasts.
    if (count === 0) throw new AppError("BAD_REQUEST", "The upload took too long; nothing was stored. Try again on a faster connection.");
    return { uploadId, filename, size: copied.size };
  } catch (error) {
    await removeAttemptFolder(storage, folder, `Upload ${uploadId}`);
    await db.upload.deleteMany({ where: { id: uploadId } });
    throw room.explain(error, request.signal);
  }
}

// How long the rest of a refused upload is read and dropped, so the browser gets to read the answer.
const DRAIN_MS = 10_000;

/**
 * The request's body as a stream whose cancelling (a copy stopped early: not audio, too large) reads the rest and
 * drops it, for DRAIN_MS at most, instead of cancelling the request's own stream: Node 20's fetch (undici, which Next
 * uses for a route's Request) throws an uncaught error when a request body is cancelled just before its end.
 */
function uncancellable(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel() {
      void (async () => {
        const until = Date.now() + DRAIN_MS;
        try {
          while (Date.now() < until && !(await reader.read()).done);
        } catch {}
        reader.releaseLock();
      })();
    },
  });
}

function parseContentLength(value: string | null): number {
  if (value === null) throw new AppError("BAD_REQUEST", "The upload has no Content-Length: send the file with its size.");
  if (!/^\d{1,16}$/.test(value.trim())) throw new AppError("BAD_REQUEST", "The upload's Content-Length is not a number of bytes.");
  return Number(value.trim());
}

// A reservation whose upload never finished (a process that died mid-copy) stops counting once no copy can still run.
const RESERVATION_MARGIN_MS = 60_000;

type Reservation = { uploadId: string; folder: string; label: string; bytes: number };

/**
 * Reserves `bytes` for one upload: refused over MEDIA_MAX_FILE_BYTES, or over the room left under the quota, counting
 * the creator's staged uploads not yet used (they are not their media yet, but a script must not stage past the quota),
 * those still arriving included. Decided and recorded under charge-storage.ts's per-creator lock, so that uploads
 * started at once are counted one after the other. The row's `key` is its folder until the file has arrived.
 */
async function reserveUploadRoom(userId: string, reservation: Reservation) {
  const max = env.mediaMaxFileBytes;
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${formatBytes(max)} per file. Nothing was stored.`);
  if (reservation.bytes > max) throw tooLarge();
  await db.$transaction(async (tx) => {
    const sql = sqlOfPrisma(tx);
    await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended($1, 0))`, [`storage-quota:${userId}`]);
    const usage = await getStorageUsage(userId, sql);
    if (usage.quotaBytes !== null) {
      const staged = await tx.upload.aggregate({ where: { userId, usedAt: null, expiresAt: { gt: new Date() } }, _sum: { size: true } });
      const stagedBytes = Number(staged._sum.size ?? 0);
      if (usage.usedBytes + stagedBytes + reservation.bytes > usage.quotaBytes) {
        const error = storageQuotaError({ usedBytes: usage.usedBytes + stagedBytes, quotaBytes: usage.quotaBytes }, { neededBytes: reservation.bytes });
        throw stagedBytes > 0 ? new AppError("QUOTA_EXCEEDED", `${error.message} (Your uploads not yet published count too: ${formatBytes(stagedBytes)}.)`) : error;
      }
    }
    await tx.upload.create({
      data: {
        id: reservation.uploadId,
        userId,
        key: reservation.folder,
        filename: reservation.label,
        size: BigInt(reservation.bytes),
        contentType: "application/octet-stream",
        receivedAt: null,
        expiresAt: new Date(Date.now() + env.fetchDeadlineMs + RESERVATION_MARGIN_MS),
      },
    });
  });
  return {
    /** The copy's failure in the creator's words; unexpected errors as they are. */
    explain(error: unknown, signal?: AbortSignal): unknown {
      if (error instanceof AppError) return error;
      if (error instanceof TooLargeError) return new AppError("BAD_REQUEST", "The upload sent more bytes than its Content-Length said; nothing was stored.");
      if (error instanceof RefusedFileError) {
        return new AppError("UNSUPPORTED_MEDIA_TYPE", `${error.message} Choose an audio file (MP3, M4A, AAC, WAV, FLAC, Ogg or Opus). Nothing was stored.`);
      }
      if (error instanceof SlowFetchError) return new AppError("BAD_REQUEST", `${error.message.replace("the download was stopped", "the upload was stopped")} Nothing was stored.`);
      if (signal?.aborted) return new AppError("BAD_REQUEST", "The upload was cancelled or interrupted; nothing was stored.");
      return error;
    },
  };
}
