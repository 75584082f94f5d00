import "server-only";
import type { Readable } from "node:stream";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getStorage } from "@/lib/storage/media-storage";

export type OpenedUpload = { stream: Readable; size: number; filename: string; contentType: string };

/**
 * A staged upload's bytes, streamed from storage, for its owner while it is unused and not expired. Another user's
 * upload, or an unknown id, is NOT_FOUND (never FORBIDDEN: ids are not confirmed to others); a used or expired one
 * is GONE, with what to do.
 */
export async function openUploadStream(userId: string, uploadId: string): Promise<OpenedUpload> {
  const upload = await db.upload.findFirst({ where: { id: uploadId, userId } });
  if (!upload) throw new AppError("NOT_FOUND", "This upload does not exist. Upload the file again.");
  if (!upload.receivedAt) throw new AppError("BAD_REQUEST", "This upload has not finished yet: wait until the file is uploaded, then try again.");
  if (upload.usedAt) throw new AppError("GONE", "This upload was already used for an episode or production. Upload the file again to use it once more.");
  if (upload.expiresAt.getTime() <= Date.now()) throw new AppError("GONE", "This upload has expired (uploads are kept for 24 hours). Upload the file again.");
  const stream = await (await getStorage()).open(upload.key);
  if (!stream) throw new AppError("GONE", "This upload's file is no longer stored. Upload the file again.");
  return { stream, size: Number(upload.size), filename: upload.filename, contentType: upload.contentType };
}
