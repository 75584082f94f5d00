import "server-only";
import { randomUUID } from "node:crypto";
import { forgetShow } from "@/lib/cache/change-listener";
import { parseCustomData } from "@/lib/connections/custom-data";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { EPISODE_TEXT_LIMITS } from "@/lib/episodes/episode-input";
import { planInitialEpisodeState } from "@/lib/episodes/plan-initial-episode-state";
import { hasControlCharacters, MULTILINE_MESSAGE, SINGLE_LINE_MESSAGE } from "@/lib/forms/has-control-characters";
import { queueScheduledRelease } from "@/lib/episodes/publish-scheduled-episode";
import { removeAttemptFolder } from "@/lib/ingestion/remove-attempt-folder";
import { chargeStorage } from "@/lib/quotas/charge-storage";
import { episodePrefix, episodeVersionFolder } from "@/lib/storage/media-keys";
import { getStorage } from "@/lib/storage/media-storage";
import { getUserTimeZone } from "@/lib/users/get-user-time-zone";
import { assertUploadNotProduced } from "./assert-upload-not-produced";
import { copyUploadIntoEpisode } from "./copy-upload-into-episode";
import { markUploadUsed } from "./mark-upload-used";
import { readAudioTiming } from "./read-audio-timing";
import { uploadFolder } from "./upload-limits";

export type PublishUploadInput = {
  showId: string;
  connectionId: string;
  uploadId: string;
  title: string;
  summary: string;
  /** The browser's zone, taken as the creator's when they have none yet (a connection that schedules). */
  browserTimeZone?: string | null;
};

/**
 * "Publish as it is": a staged upload becomes a new episode of the show without Auphonic, through what an import
 * does: the file copied into the episode's first version folder, charged in the switching transaction, the
 * connection's policy (publish now, draft, a schedule; a moved-in show not yet verified publishes nothing) deciding
 * its state. The upload is marked used in that transaction (so it makes one episode) and its file removed after.
 */
export async function publishUpload(userId: string, input: PublishUploadInput): Promise<{ episodeId: string }> {
  const title = input.title.trim();
  const summary = input.summary.replace(/\r\n?/g, "\n").trim();
  const fieldErrors: Record<string, string[]> = {};
  if (title === "" || title.length > EPISODE_TEXT_LIMITS.title) fieldErrors.title = [`Enter a title of at most ${EPISODE_TEXT_LIMITS.title} characters.`];
  else if (hasControlCharacters(title)) fieldErrors.title = [SINGLE_LINE_MESSAGE];
  if (summary.length > EPISODE_TEXT_LIMITS.summary) fieldErrors.summary = [`At most ${EPISODE_TEXT_LIMITS.summary.toLocaleString("en")} characters.`];
  else if (hasControlCharacters(summary, { multiline: true })) fieldErrors.summary = [MULTILINE_MESSAGE];
  if (Object.keys(fieldErrors).length > 0) throw new AppError("BAD_REQUEST", "Please correct the fields marked below.", fieldErrors);
  const connection = await db.connection.findFirst({
    where: { id: input.connectionId, userId, showId: input.showId, deletedAt: null },
    select: { id: true, customData: true, show: { select: { id: true, isVerified: true } } },
  });
  if (!connection) throw new AppError("NOT_FOUND", "Choose one of this show's connections.", { connectionId: ["Choose one of this show's connections."] });

  const episodeId = randomUUID().replaceAll("-", "");
  const audio = await copyUploadIntoEpisode(userId, input.uploadId, episodeVersionFolder(episodeId, 1));
  const storage = await getStorage();
  try {
    const timing = await readAudioTiming(storage, audio.key, audio.size);
    const parsed = parseCustomData(connection.customData);
    const custom = parsed.ok ? parsed.known : {};
    const { state, scheduledAt } = planInitialEpisodeState(custom, connection.show, await getUserTimeZone(userId, input.browserTimeZone));
    // Queued first, as an import does: a transaction that fails leaves a job with nothing to publish.
    if (scheduledAt) await queueScheduledRelease(episodeId, scheduledAt);
    await db.$transaction(async (tx) => {
      await markUploadUsed(tx, input.uploadId);
      await assertUploadNotProduced(tx, userId, input.uploadId);
      await chargeStorage(tx, userId, audio.size);
      await tx.episode.create({
        data: {
          id: episodeId,
          userId,
          showId: connection.show.id,
          connectionId: connection.id,
          productionUuid: null,
          source: "upload",
          guid: randomUUID(),
          state,
          scheduledAt,
          importState: "ready",
          title,
          summary: summary || null,
          customData: connection.customData,
          episodeType: custom.episodeType ?? "full",
          season: custom.season ?? null,
          explicit: custom.explicit ?? null,
          durationSec: timing.durationSec,
          audioVersion: 1,
          publishedAt: state === "published" ? new Date() : null,
          files: {
            create: { kind: "audio", format: audio.format, key: audio.key, filename: audio.filename, contentType: audio.contentType, size: BigInt(audio.size), bitrate: timing.bitrate, isEnclosure: true },
          },
        },
      });
    });
  } catch (error) {
    await removeAttemptFolder(storage, episodePrefix(episodeId), `Upload ${input.uploadId}`);
    throw error;
  }
  forgetShow(connection.show.id);
  await removeAttemptFolder(storage, uploadFolder(userId, input.uploadId), `Upload ${input.uploadId}`);
  return { episodeId };
}
