import "server-only";
import { getProduction } from "@/lib/auphonic/get-production";
import { findProductionTitle, isPublishedTo, mapProduction, safeFilename, selectOutputFiles } from "@/lib/auphonic/map-production";
import { ExpiredDownloadLinkError, openResultDownload, RefusedDownloadError } from "@/lib/auphonic/open-result-download";
import { PRODUCTION_STATUS, type AuphonicProduction } from "@/lib/auphonic/production";
import { RECONNECT_TO_IMPORT } from "@/lib/auphonic/token-failure-reasons";
import { parseCustomData } from "@/lib/connections/custom-data";
import { EPISODE_TEXT_LIMITS, parseEditedFields } from "@/lib/episodes/episode-input";
import { shortenText } from "@/lib/forms/shorten-text";
import { planInitialEpisodeState } from "@/lib/episodes/plan-initial-episode-state";
import { queueScheduledRelease } from "@/lib/episodes/publish-scheduled-episode";
import { parseTranscript } from "@/lib/episodes/parse-transcript";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { isAppError } from "@/lib/errors";
import { copyRemoteFile } from "@/lib/ingestion/copy-remote-file";
import type { ExpectedMedia } from "@/lib/ingestion/detect-media-type";
import { RefusedFileError } from "@/lib/ingestion/ingestion-errors";
import { removeAttemptFolder } from "@/lib/ingestion/remove-attempt-folder";
import { completeImportRun, markImportRunning, type ImportRun } from "@/lib/jobs/import-queue";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { chargeStorage } from "@/lib/quotas/charge-storage";
import { findStorageRoomOrThrow } from "@/lib/quotas/find-storage-room";
import { contentTypeFor } from "@/lib/media/content-type";
import { importAttemptPrefix, importVersionAttempts } from "@/lib/storage/media-keys";
import { getStorage, TooLargeError, type MediaStorage } from "@/lib/storage/media-storage";
import { retireMedia } from "@/lib/storage/retire-media";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { getUserTimeZone } from "@/lib/users/get-user-time-zone";

type StoredFile = { kind: string; format: string; key: string; filename: string; contentType: string; size: number; bitrate: number | null; isEnclosure: boolean };

/**
 * The import job: fetch the production as the connection's owner, copy its media into a new version folder,
 * then switch the episode over in one transaction. Throws PermanentJobError for what retrying cannot fix.
 */
export async function importProduction(job: ImportRun, signal?: AbortSignal): Promise<void> {
  const episode = await db.episode.findUnique({
    where: { id: job.episodeId },
    include: { connection: { select: { auphonicServiceUuid: true, displayName: true } }, show: { select: { isVerified: true } } },
  });
  if (!episode) throw new PermanentJobError("The episode was deleted.");
  const token = await tokenOrPermanentError(episode.userId);
  let production = await fetchProduction(token, job, { wasImported: episode.audioVersion > 0 });

  // A delivery is for one connection: a JWT replayed to another of the user's connections creates nothing there.
  // A production the creator chose for this show on /auphonic need not list it (it may predate the connection):
  // fetching it with the creator's own token above already proved it is theirs.
  const { connection } = episode;
  const isForThisConnection =
    episode.productionChosenByCreator || (connection !== null && isPublishedTo(production, { serviceUuid: connection.auphonicServiceUuid, displayName: connection.displayName }));
  if (!connection || !isForThisConnection) {
    throw new PermanentJobError("This production was not published to this connection in Auphonic: the delivery was not for this connection.", {
      isForeignDelivery: true,
    });
  }
  if (production.status === PRODUCTION_STATUS.ERROR) {
    await keepTitleOfFailedProduction(episode.id, production);
    throw new PermanentJobError(`Auphonic reports that the production failed: ${production.error_message || "no reason given"}.`, { isAuphonicFailure: true });
  }
  if (production.status !== PRODUCTION_STATUS.DONE) {
    throw new Error(`The production is not finished yet (${production.status_string || `status ${production.status}`}).`);
  }
  if (episode.importState === "ready" && episode.productionChangeTime && episode.productionChangeTime === production.change_time) {
    // Nothing new to copy: the job ends (clearing a "Retrying: …" left by an earlier attempt).
    await db.$transaction((tx) => completeImportRun(tx, job));
    return;
  }

  const files = selectOutputFiles(production);
  if (!files.some((file) => file.isEnclosure)) {
    await keepTitleOfFailedProduction(episode.id, production);
    throw new PermanentJobError("The production has no MP3 output file to publish; add one in Auphonic and run the production again.", { isAuphonicFailure: true });
  }

  // A creator whose storage quota is used up gets the quota's message before anything is downloaded.
  const room = await findStorageRoomOrThrow(episode.userId).catch(asPermanentQuotaError);
  await markImportRunning(job);
  const version = episode.audioVersion + 1;
  const storage = await getStorage();
  // This attempt's own folder: whatever ends it early (an error, a lost job) removes exactly what it wrote.
  const folder = importAttemptPrefix(episode.id, version, job);
  // What earlier attempts at this version left (a killed worker's half copy): an attempt still writing there has
  // lost its job, so it can no longer switch the episode over.
  await storage.deletePrefix(importVersionAttempts(episode.id, version));
  const copyAndSwitch = async () => {
    const stored: StoredFile[] = [];
    // Through the ingestion core (lib/ingestion/), as a move-in's copies: deadline, minimum rate, no encoding, sniffed.
    const download = async (url: string, filename: string, expected: { size?: number | null; md5?: string | null; maxBytes?: number; media?: ExpectedMedia; what: string }) => {
      const copy = (from: string) =>
        copyRemoteFile(storage, (fetchSignal) => openResultDownload(from, token, fetchSignal), {
          what: expected.what,
          key: `${folder}${filename}`,
          contentType: expected.media === "image" ? undefined : contentTypeFor(filename),
          expectedSize: expected.size,
          md5: expected.md5,
          maxBytes: room.cap(expected.maxBytes ?? env.mediaMaxFileBytes),
          expect: expected.media,
          signal,
        });
      signal?.throwIfAborted();
      try {
        return await copy(url);
      } catch (error) {
        if (!(error instanceof ExpiredDownloadLinkError)) throw error;
        production = await fetchProduction(token, job, { wasImported: true });
        return copy(selectOutputFiles(production).find((file) => file.filename === filename)?.downloadUrl ?? url);
      }
    };

    for (const file of files) {
      // A result file production data sends elsewhere than Auphonic (or to a private address) fails the import.
      const what = file.isEnclosure ? "audio file" : `result file ${file.filename}`;
      const media = file.isEnclosure ? ("audio" as const) : undefined;
      const { key, size } = await download(file.downloadUrl, file.filename, { size: file.size, md5: file.checksum, media, what }).catch((error: unknown) => {
        throw error instanceof RefusedDownloadError ? new PermanentJobError(error.message) : room.explain(error, env.mediaMaxFileBytes);
      });
      stored.push({
        kind: file.kind,
        format: file.format ?? "",
        key,
        filename: file.filename,
        contentType: contentTypeFor(file.filename),
        size,
        bitrate: file.bitrate ?? null,
        isEnclosure: file.isEnclosure,
      });
    }
    // Images are optional: one that is not Auphonic's, not public, too large or not an image is left out.
    const storeImage = async (url: string, name: string, kind: "cover" | "chapter-image"): Promise<string | null> => {
      const filename = `${name}${extensionOf(url, ".jpg")}`;
      let copied;
      try {
        copied = await download(url, filename, { maxBytes: IMAGE_MAX_BYTES, media: "image", what: kind === "cover" ? "cover" : "chapter image" });
      } catch (error) {
        if (!(error instanceof RefusedDownloadError) && !(error instanceof TooLargeError) && !(error instanceof RefusedFileError)) throw error;
        console.warn(`Import ${job.productionUuid}: ${kind} left out: ${(error as Error).message}`);
        return null;
      }
      stored.push({ kind, format: "image", key: copied.key, filename, contentType: copied.contentType, size: copied.size, bitrate: null, isEnclosure: false });
      return copied.key;
    };
    const coverKey = production.image ? await storeImage(production.image, "cover", "cover") : null;

    const parsedCustomData = parseCustomData(episode.customData);
    const custom = parsedCustomData.ok ? parsedCustomData.known : {};
    // The creator's edits (lib/episodes/update-episode.ts) survive a re-import.
    const mapped: Partial<ReturnType<typeof mapProduction>> = fitEpisodeText(mapProduction(production, custom));
    const editedFields = parseEditedFields(episode.editedFields);
    for (const field of editedFields) if (field !== "coverKey") delete mapped[field];
    // Uploaded artwork stays the episode's image (and its file stays) while that edit stands.
    const isArtworkKept = editedFields.includes("coverKey");
    const chapters: { title: string; startSec: number; url: string | null; imageKey: string | null }[] = [];
    for (const [index, chapter] of (mapped.chapters ?? []).entries()) {
      const imageKey = chapter.imageUrl ? await storeImage(chapter.imageUrl, `chapter-${index + 1}`, "chapter-image") : null;
      chapters.push({ title: chapter.title, startSec: chapter.startSec, url: chapter.url, imageKey });
    }
    const transcript = await parseStoredTranscript(storage, stored);
    // The connection's policy decides the first version's state; a re-import keeps the episode's.
    const { state, scheduledAt } =
      episode.audioVersion === 0 ? planInitialEpisodeState(custom, episode.show, await getUserTimeZone(episode.userId)) : { state: episode.state, scheduledAt: null };
    // A connection that schedules: the job is queued first, so a switch that fails leaves a job with nothing to do.
    if (scheduledAt) await queueScheduledRelease(episode.id, scheduledAt);

    await db.$transaction(async (tx) => {
      // Only the run still holding its job switches the episode over; one that lost it (too slow) stops here.
      await completeImportRun(tx, job);
      await chargeStorage(tx, episode.userId, stored.reduce((sum, file) => sum + file.size, 0));
      // The earlier version was sent out as immutable: still served for the grace period, then removed.
      const previous = await tx.mediaFile.findMany({
        where: { episodeId: episode.id, ...(isArtworkKept ? { kind: { not: "artwork" } } : {}) },
        select: { key: true, contentType: true, size: true },
      });
      await retireMedia(
        tx,
        previous.map((file) => ({ key: file.key, showId: episode.showId, episodeId: episode.id, isServable: true, contentType: file.contentType, size: Number(file.size) })),
      );
      await tx.mediaFile.deleteMany({ where: { episodeId: episode.id, key: { in: previous.map((file) => file.key) } } });
      await tx.mediaFile.createMany({ data: stored.map((file) => ({ ...file, size: BigInt(file.size), episodeId: episode.id })) });
      await tx.episode.update({
        where: { id: episode.id },
        data: {
          ...mapped,
          tags: JSON.stringify(mapped.tags),
          chapters: JSON.stringify(chapters),
          statistics: JSON.stringify(mapped.statistics),
          transcript: transcript ? JSON.stringify(transcript) : null,
          audioVersion: version,
          coverKey: isArtworkKept ? episode.coverKey : coverKey,
          state,
          ...(scheduledAt ? { scheduledAt } : {}),
          publishedAt: state === "published" ? (episode.publishedAt ?? new Date()) : episode.publishedAt,
        },
      });
    });
  };
  try {
    await copyAndSwitch();
    forgetShow(episode.showId);
  } catch (error) {
    await removeAttemptFolder(storage, folder, `Import ${job.productionUuid}`);
    asPermanentQuotaError(error);
  }
}

/** Over the storage quota: the import fails at once with the quota's message; "Retry import" runs it again once there is room. */
function asPermanentQuotaError(error: unknown): never {
  throw isAppError(error, "QUOTA_EXCEEDED") ? new PermanentJobError(error.message) : error;
}

async function tokenOrPermanentError(userId: string): Promise<string> {
  try {
    return await getAuphonicTokenOrThrow(userId);
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) throw new PermanentJobError(RECONNECT_TO_IMPORT);
    throw error;
  }
}

/** `wasImported`: the production was this user's before, so Auphonic not knowing it now means it was deleted there. */
async function fetchProduction(token: string, job: ImportRun, { wasImported }: { wasImported: boolean }): Promise<AuphonicProduction> {
  try {
    return await getProduction(token, job.productionUuid);
  } catch (error) {
    if (wasImported && isAppError(error, "NOT_FOUND")) {
      throw new PermanentJobError("The production was deleted in Auphonic; the episode keeps its last imported audio.", { isAuphonicFailure: true });
    }
    if (isAppError(error, "FORBIDDEN") || isAppError(error, "NOT_FOUND")) {
      throw new PermanentJobError("This production does not belong to the connection's Auphonic account: the delivery was not for this user.", {
        isForeignDelivery: true,
      });
    }
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) throw new PermanentJobError(RECONNECT_TO_IMPORT);
    throw error;
  }
}

/** A production that failed before its first import still has a title in Auphonic: the creator recognises it by that. */
async function keepTitleOfFailedProduction(episodeId: string, production: AuphonicProduction) {
  const title = findProductionTitle(production);
  if (title) await db.episode.updateMany({ where: { id: episodeId, title: "" }, data: { title } });
}

function extensionOf(url: string, fallback: string): string {
  const name = safeFilename(new URL(url).pathname);
  const match = /\.(jpe?g|png|webp)$/i.exec(name);
  return match ? `.${match[1]!.toLowerCase()}` : fallback;
}

// Larger transcripts are stored and linked in the feed, but not shown on the pages.
const MAX_DISPLAYED_TRANSCRIPT_BYTES = 4 * 1024 * 1024;

/** The cues of the copied WebVTT (else SRT) transcript, parsed once here so that pages never parse a file. */
async function parseStoredTranscript(storage: MediaStorage, stored: StoredFile[]) {
  const file =
    stored.find((item) => item.kind === "transcript" && item.filename.endsWith(".vtt")) ??
    stored.find((item) => item.kind === "transcript" && item.filename.endsWith(".srt"));
  if (!file) return null;
  const text = await storage.readText(file.key, MAX_DISPLAYED_TRANSCRIPT_BYTES);
  return text === null ? null : parseTranscript(text, file.key, file.filename.endsWith(".vtt") ? "WebVTT" : "SubRip");
}

const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** Auphonic's title and notes within the episode form's limits, as a typed or moved-in episode's are. */
function fitEpisodeText<T extends { title: string; summary: string | null }>(mapped: T): T {
  return { ...mapped, title: shortenText(mapped.title, EPISODE_TEXT_LIMITS.title), summary: mapped.summary && shortenText(mapped.summary, EPISODE_TEXT_LIMITS.summary) };
}
