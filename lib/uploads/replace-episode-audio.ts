import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { removeAttemptFolder } from "@/lib/ingestion/remove-attempt-folder";
import { chargeStorage } from "@/lib/quotas/charge-storage";
import { episodeVersionFolder } from "@/lib/storage/media-keys";
import { getStorage } from "@/lib/storage/media-storage";
import { retireMedia } from "@/lib/storage/retire-media";
import { assertUploadNotProduced } from "./assert-upload-not-produced";
import { copyUploadIntoEpisode } from "./copy-upload-into-episode";
import { markUploadUsed } from "./mark-upload-used";
import { readAudioTiming } from "./read-audio-timing";
import { uploadFolder } from "./upload-limits";

/**
 * "Replace audio": a staged upload becomes the episode's next audio version. Its audio files of the version before
 * (the enclosure and any other formats) are retired, still served for the grace period (lib/storage/retire-media.ts)
 * and counted in the quota until then, so the charge is the new file's size. Transcripts, chapters and artwork stay.
 * Refused while an import runs: its switch would replace this version again.
 */
export async function replaceEpisodeAudio(userId: string, episodeId: string, uploadId: string): Promise<{ audioVersion: number }> {
  const episode = await db.episode.findFirst({ where: { id: episodeId, userId }, select: { id: true, showId: true, audioVersion: true, importState: true } });
  if (!episode) throw new AppError("NOT_FOUND", "This episode does not exist.");
  if (episode.importState === "queued" || episode.importState === "importing") {
    throw new AppError("BAD_REQUEST", "An import from Auphonic is running for this episode; replace its audio once it has finished.");
  }
  const version = episode.audioVersion + 1;
  const folder = episodeVersionFolder(episode.id, version);
  const audio = await copyUploadIntoEpisode(userId, uploadId, folder);
  const storage = await getStorage();
  try {
    const timing = await readAudioTiming(storage, audio.key, audio.size);
    await db.$transaction(async (tx) => {
      // The episode first, then the quota (the import's order): the version read above must still be current.
      const [locked] = await tx.$queryRaw<{ audioVersion: number; importState: string }[]>`SELECT "audioVersion", "importState" FROM "Episode" WHERE id = ${episode.id} FOR UPDATE`;
      if (!locked) throw new AppError("NOT_FOUND", "This episode was deleted meanwhile.");
      if (locked.audioVersion !== episode.audioVersion || locked.importState === "queued" || locked.importState === "importing") {
        throw new AppError("BAD_REQUEST", "The episode's audio changed meanwhile (an import or another replacement). Look at it again, then replace it if you still want to.");
      }
      await markUploadUsed(tx, uploadId);
      await assertUploadNotProduced(tx, userId, uploadId);
      await chargeStorage(tx, userId, audio.size);
      const previous = await tx.mediaFile.findMany({ where: { episodeId: episode.id, kind: "audio" }, select: { key: true, contentType: true, size: true } });
      await retireMedia(
        tx,
        previous.map((file) => ({ key: file.key, showId: episode.showId, episodeId: episode.id, isServable: true, contentType: file.contentType, size: Number(file.size) })),
      );
      await tx.mediaFile.deleteMany({ where: { episodeId: episode.id, key: { in: previous.map((file) => file.key) } } });
      await tx.mediaFile.create({
        data: { episodeId: episode.id, kind: "audio", format: audio.format, key: audio.key, filename: audio.filename, contentType: audio.contentType, size: BigInt(audio.size), bitrate: timing.bitrate, isEnclosure: true },
      });
      await tx.episode.update({ where: { id: episode.id }, data: { audioVersion: version, durationSec: timing.durationSec } });
    });
  } catch (error) {
    await removeAttemptFolder(storage, folder, `Upload ${uploadId}`);
    throw error;
  }
  forgetShow(episode.showId);
  await removeAttemptFolder(storage, uploadFolder(userId, uploadId), `Upload ${uploadId}`);
  return { audioVersion: version };
}
