import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { removeAttemptFolder } from "@/lib/ingestion/remove-attempt-folder";
import { contentTypeFor } from "@/lib/media/content-type";
import { assertStorageRoom, findStorageRoomOrThrow } from "@/lib/quotas/find-storage-room";
import { getStorage } from "@/lib/storage/media-storage";
import { assertUploadNotProduced } from "./assert-upload-not-produced";
import { openUploadStream } from "./open-upload-stream";

export type CopiedAudio = { key: string; filename: string; contentType: string; size: number; format: string };

/**
 * Streams a staged upload into an episode's version folder (`folder`: media-keys.ts's episodeVersionFolder), checked
 * against the size it was staged with and the room left under the quota; the charge itself comes in the caller's
 * switching transaction (lib/quotas/charge-storage.ts). A copy that fails leaves nothing in the folder.
 */
export async function copyUploadIntoEpisode(userId: string, uploadId: string, folder: string): Promise<CopiedAudio> {
  // An upload handed to Auphonic (lib/produce/) is on its way to becoming an episode there: not a second one here.
  // Asked again in the caller's switching transaction, where a claim made during the copy is seen.
  await assertUploadNotProduced(db, userId, uploadId);
  const upload = await openUploadStream(userId, uploadId);
  const storage = await getStorage();
  const key = `${folder}${upload.filename}`;
  try {
    // Refused before a byte is copied when the file cannot fit; charge-storage.ts decides again at the switch.
    await assertStorageRoom(userId, upload.size);
    const room = await findStorageRoomOrThrow(userId);
    const contentType = contentTypeFor(upload.filename) === "application/octet-stream" ? upload.contentType : contentTypeFor(upload.filename);
    const { size } = await storage
      .put(key, upload.stream, { contentType, expectedSize: upload.size, maxBytes: room.cap(env.mediaMaxFileBytes) })
      .catch((error: unknown) => {
        throw room.explain(error, env.mediaMaxFileBytes);
      });
    return { key, filename: upload.filename, contentType, size, format: upload.filename.slice(upload.filename.lastIndexOf(".") + 1) };
  } catch (error) {
    upload.stream.destroy();
    await removeAttemptFolder(storage, folder, `Upload ${uploadId}`);
    throw error;
  }
}
