import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { contentTypeFor } from "@/lib/media/content-type";
import { chargeStorage } from "@/lib/quotas/charge-storage";
import { assertStorageRoom } from "@/lib/quotas/find-storage-room";
import { readCoverImage } from "@/lib/shows/read-cover-image";
import { episodeArtworkKey } from "@/lib/storage/media-keys";
import { getStorage } from "@/lib/storage/media-storage";
import { retireMedia } from "@/lib/storage/retire-media";
import { getUserTimeZone } from "@/lib/users/get-user-time-zone";
import { formatInTimeZone, parseLocalDateTime, toLocalInputValue } from "@/lib/users/time-zone";
import { EDITABLE_FIELDS, parseEditedFields, type EpisodeInput } from "./episode-input";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

const EARLIEST_PUBLISH_DATE = Date.UTC(1990, 0, 1);

type EditedValues = { title: string; summary: string | null; episodeNumber: number | null } & Partial<{
  season: number | null;
  episodeType: string;
  explicit: boolean | null;
  coverKey: string | null;
}>;

/**
 * Saves the creator's edits. Changed fields are remembered in `editedFields`, so a later re-import from Auphonic
 * keeps them (until the creator asks for Auphonic's values again). `artwork` (validated like a show's cover)
 * replaces the episode's image; the one it replaces stays served for the grace period.
 */
export async function updateEpisode(userId: string, input: EpisodeInput, artwork: File | null = null, now = new Date()): Promise<void> {
  const episode = await getEpisodeForUserOrThrow(userId, input.episodeId);
  const image = artwork && artwork.size > 0 ? await readCoverImage(artwork).catch(asArtworkError) : null;
  const publishedAt = await resolvePublishDate(userId, episode, input, now);

  const values: EditedValues = {
    title: input.title,
    summary: input.summary || null,
    episodeNumber: input.episodeNumber,
  };
  if (input.season !== undefined) values.season = input.season;
  if (input.episodeType !== undefined) values.episodeType = input.episodeType;
  if (input.explicit !== undefined) values.explicit = input.explicit;

  const artworkFiles = episode.files.filter((file) => file.kind === "artwork");
  let artworkKey: string | null = null;
  const isNewArtwork = image !== null && !artworkFiles.some((file) => file.key === episodeArtworkKey(episode.id, image.hash, image.extension));
  if (image) {
    artworkKey = episodeArtworkKey(episode.id, image.hash, image.extension);
    values.coverKey = artworkKey;
    if (isNewArtwork) {
      // Artwork that does not fit the creator's storage quota is refused before it is stored (and charged below).
      await assertStorageRoom(userId, image.bytes.length).catch(asArtworkError);
      await (await getStorage()).put(artworkKey, image.bytes, { contentType: contentTypeFor(artworkKey), maxBytes: image.bytes.length });
    }
  } else if (input.removeArtwork && artworkFiles.length > 0) {
    // Back to the cover the import brought, if any.
    values.coverKey = episode.files.find((file) => file.kind === "cover")?.key ?? null;
  }

  const changed = EDITABLE_FIELDS.filter((field) => field in values && values[field] !== episode[field]);
  const edited = new Set([...parseEditedFields(episode.editedFields), ...changed]);
  if (input.removeArtwork && !image) edited.delete("coverKey");
  const retired = artworkFiles.filter((file) => file.key !== artworkKey);

  await db.$transaction(async (tx) => {
    // The episode's row before the creator's quota lock, in the order an import's switch takes them (no deadlock).
    await tx.$queryRaw`SELECT id FROM "Episode" WHERE id = ${episode.id} FOR UPDATE`;
    if (isNewArtwork) await chargeStorage(tx, userId, image!.bytes.length);
    if (retired.length > 0) {
      // Its URL may be in feeds already: served for the grace period, then removed.
      await retireMedia(
        tx,
        retired.map((file) => ({ key: file.key, showId: episode.showId, episodeId: episode.id, isServable: true, contentType: file.contentType, size: Number(file.size) })),
      );
      await tx.mediaFile.deleteMany({ where: { id: { in: retired.map((file) => file.id) } } });
    }
    if (image && artworkKey && !artworkFiles.some((file) => file.key === artworkKey)) {
      // Named by its content: artwork that comes back (A, B, then A again) is current, not retired.
      await tx.retiredMedia.deleteMany({ where: { key: artworkKey } });
      await tx.mediaFile.create({
        data: {
          episodeId: episode.id,
          kind: "artwork",
          format: "image",
          key: artworkKey,
          filename: artworkKey.split("/").pop()!,
          contentType: contentTypeFor(artworkKey),
          size: BigInt(image.bytes.length),
        },
      });
    }
    await tx.episode.update({
      where: { id: episode.id },
      data: { ...values, publishedAt, editedFields: JSON.stringify(EDITABLE_FIELDS.filter((field) => edited.has(field))) },
    });
  }).catch(async (error: unknown) => {
    // Over the quota: the artwork just stored goes, unless it is a retired one still served from there.
    if (isAppError(error, "QUOTA_EXCEEDED") && artworkKey && (await db.retiredMedia.count({ where: { key: artworkKey } })) === 0) await (await getStorage()).delete(artworkKey);
    return asArtworkError(error);
  });
  forgetShow(episode.showId);
}

function asArtworkError(error: unknown): never {
  if (isAppError(error, "QUOTA_EXCEEDED")) throw new AppError(error.code, error.message, { cover: [error.message] });
  // The show cover's checks, reported on this form's field.
  if (isAppError(error) && error.fieldErrors.cover) throw new AppError("BAD_REQUEST", error.message, { cover: error.fieldErrors.cover.map((message) => message.replace(/^The cover/, "The artwork")) });
  throw error;
}

/** The publish date the form asks for, read in the creator's zone; the stored one when the form left it as shown. */
async function resolvePublishDate(userId: string, episode: { state: string; publishedAt: Date | null }, input: EpisodeInput, now: Date): Promise<Date | null> {
  if (input.publishedAt === undefined) return episode.publishedAt;
  const timeZone = await getUserTimeZone(userId, input.browserTimeZone);
  const fail = (message: string) => new AppError("BAD_REQUEST", message, { publishedAt: [message] });
  if (input.publishedAt === "") {
    if (episode.state === "published") throw fail("A published episode needs a publish date.");
    return null;
  }
  // Shown to the minute: an untouched field keeps the stored seconds.
  if (episode.publishedAt && toLocalInputValue(episode.publishedAt, timeZone) === input.publishedAt) return episode.publishedAt;
  const date = parseLocalDateTime(input.publishedAt, timeZone);
  if (!date) throw fail(`This date and time does not exist in ${timeZone} (check the day, or a daylight-saving change).`);
  if (date.getTime() < EARLIEST_PUBLISH_DATE) throw fail("Choose a date from 1990 on.");
  if (date.getTime() > now.getTime() + 60_000) {
    throw fail(`This date is in the future (it is now ${formatInTimeZone(now, timeZone)}): to release the episode later, schedule it instead.`);
  }
  return date;
}
