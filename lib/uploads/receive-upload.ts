import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";
import { copyRemoteFile } from "@/lib/ingestion/copy-remote-file";
import { RefusedFileError, SlowFetchError } from "@/lib/ingestion/ingestion-errors";
import { removeAttemptFolder } from "@/lib/ingestion/remove-attempt-folder";
import { consumeRateLimit } from "@/lib/quotas/consume-rate-limit";
import { formatBytes } from "@/lib/quotas/format-bytes";
import { getStorageUsage } from "@/lib/quotas/get-storage-usage";
import { storageQuotaError, type StorageShortfall } from "@/lib/quotas/storage-quota-error";
import { getStorage, TooLargeError } from "@/lib/storage/media-storage";
import { safeUploadFilename } from "./safe-upload-filename";
import { UPLOAD_RATE_LIMIT, UPLOAD_TTL_MS, uploadFolder } from "./upload-limits";

export type UploadRequest = {
  filename: string | null;
  /** The request's headers: Content-Length (a declared size over the limit is refused unread) and Content-Encoding. */
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  /** The request's own signal: a browser that cancels stops the write, and nothing stays stored. */
  signal?: AbortSignal;
};
export type ReceivedUpload = { uploadId: string; filename: string; size: number };

/**
 * A browser's upload (POST /api/uploads), staged for 24 hours: counted against the creator's rate limit, refused
 * unread when its declared size passes MEDIA_MAX_FILE_BYTES or the room left under the quota (less what their other
 * staged uploads hold), then streamed through the ingestion core (lib/ingestion/copy-remote-file.ts: deadline and
 * minimum rate, no encoding, sniffed as audio by its first bytes, cut off at the cap) into storage, whole or not at all.
 */
export async function receiveUpload(userId: string, request: UploadRequest): Promise<ReceivedUpload> {
  const limit = await consumeRateLimit(UPLOAD_RATE_LIMIT, userId);
  if (!limit.isAllowed) {
    throw new AppError("TOO_MANY_REQUESTS", `You started more than ${UPLOAD_RATE_LIMIT.points} uploads this hour; try again in ${Math.ceil(limit.msBeforeNext / 60_000)} minutes.`);
  }
  const label = safeUploadFilename(request.filename);
  if (!request.body) throw new AppError("BAD_REQUEST", "The upload has no body: send the file itself as the request's body.");
  const room = await findUploadRoom(userId);
  const declared = parseContentLength(request.headers.get("content-length"));
  if (declared !== null) room.refuseDeclared(declared);

  const uploadId = randomUUID();
  const folder = uploadFolder(userId, uploadId);
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
      maxBytes: room.cap,
      expect: "audio",
      signal: request.signal,
    });
    const filename = copied.key.slice(folder.length);
    await db.upload.create({
      data: { id: uploadId, userId, key: copied.key, filename, size: BigInt(copied.size), contentType: copied.contentType, expiresAt: new Date(Date.now() + UPLOAD_TTL_MS) },
    });
    return { uploadId, filename, size: copied.size };
  } catch (error) {
    await removeAttemptFolder(storage, folder, `Upload ${uploadId}`);
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

function parseContentLength(value: string | null): number | null {
  if (value === null) return null;
  if (!/^\d{1,16}$/.test(value.trim())) throw new AppError("BAD_REQUEST", "The upload's Content-Length is not a number of bytes.");
  return Number(value.trim());
}

/**
 * What one upload may take: MEDIA_MAX_FILE_BYTES, or less when the quota has less room. Staged uploads not yet used
 * count against that room (they are not the creator's media yet, but a script must not stage past the quota).
 */
async function findUploadRoom(userId: string) {
  const [usage, staged] = await Promise.all([
    getStorageUsage(userId),
    db.upload.aggregate({ where: { userId, usedAt: null, expiresAt: { gt: new Date() } }, _sum: { size: true } }),
  ]);
  const max = env.mediaMaxFileBytes;
  const stagedBytes = Number(staged._sum.size ?? 0);
  const quotaRoom = usage.quotaBytes === null ? null : Math.max(0, usage.quotaBytes - usage.usedBytes - stagedBytes);
  const cap = quotaRoom === null ? max : Math.min(max, quotaRoom);
  const quotaError = (shortfall: StorageShortfall) => {
    const error = storageQuotaError({ usedBytes: usage.usedBytes + stagedBytes, quotaBytes: usage.quotaBytes! }, shortfall);
    return stagedBytes > 0 ? new AppError("QUOTA_EXCEEDED", `${error.message} (Your uploads not yet published count too: ${formatBytes(stagedBytes)}.)`) : error;
  };
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${formatBytes(max)} per file. Nothing was stored.`);
  return {
    cap,
    refuseDeclared(bytes: number) {
      if (bytes > max) throw tooLarge();
      if (quotaRoom !== null && bytes > quotaRoom) throw quotaError({ neededBytes: bytes });
    },
    /** The copy's failure in the creator's words; unexpected errors as they are. */
    explain(error: unknown, signal?: AbortSignal): unknown {
      if (error instanceof AppError) return error;
      if (error instanceof TooLargeError) return cap < max ? quotaError({ isFileLargerThanRoom: true }) : tooLarge();
      if (error instanceof RefusedFileError) {
        return new AppError("UNSUPPORTED_MEDIA_TYPE", `${error.message} Choose an audio file (MP3, M4A, AAC, WAV, FLAC, Ogg or Opus). Nothing was stored.`);
      }
      if (error instanceof SlowFetchError) return new AppError("BAD_REQUEST", `${error.message.replace("the download was stopped", "the upload was stopped")} Nothing was stored.`);
      if (signal?.aborted) return new AppError("BAD_REQUEST", "The upload was cancelled or interrupted; nothing was stored.");
      return error;
    },
  };
}
