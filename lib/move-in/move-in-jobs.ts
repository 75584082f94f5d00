import "server-only";
import { createHash } from "node:crypto";
import { forgetShow } from "@/lib/cache/change-listener";
import { isUniqueViolation } from "@/lib/database/is-unique-violation";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { parseTranscript } from "@/lib/episodes/parse-transcript";
import type { StoredChapter } from "@/lib/episodes/parse-episode-json";
import { copyRemoteFile, type OpenRemoteFile } from "@/lib/ingestion/copy-remote-file";
import { detectMediaType } from "@/lib/ingestion/detect-media-type";
import { RefusedFileError, SlowFetchError } from "@/lib/ingestion/ingestion-errors";
import { readRemoteBytes } from "@/lib/ingestion/read-remote-bytes";
import { removeAttemptFolder } from "@/lib/ingestion/remove-attempt-folder";
import { isAppError } from "@/lib/errors";
import { defineScheduledJob } from "@/lib/jobs/scheduled-jobs";
import { chargeStorage } from "@/lib/quotas/charge-storage";
import { findStorageRoomOrThrow, type StorageRoom } from "@/lib/quotas/find-storage-room";
import { contentTypeFor } from "@/lib/media/content-type";
import { touchShow } from "@/lib/shows/touch-show";
import { importAttemptPrefix, importVersionAttempts, showCoverKey } from "@/lib/storage/media-keys";
import { getStorage, TooLargeError, type MediaStorage } from "@/lib/storage/media-storage";
import { parseStrings } from "./get-move-in-for-user";
import { MOVE_IN_COVER_JOB, MOVE_IN_EPISODE_JOB } from "./move-in-job-kinds";
import { MOVE_IN_CHAPTERS_MAX_BYTES, MOVE_IN_IMAGE_MAX_BYTES, MOVE_IN_MAX_ATTEMPTS, MOVE_IN_TRANSCRIPT_MAX_BYTES } from "./move-in-limits";
import { MoveInFetchError, openPublicUrl, parseFetchableUrl } from "./open-public-url";
import { checkHttpUrl, type OldEpisode, type OldFeed } from "./parse-old-feed";

// The jobs of a move-in, one per episode and one for the show's cover, on the scheduled-jobs queue (so every worker
// runs them, with retries). Idempotent: an item that is done or failed is left alone, and an episode is created in
// the same transaction that marks its item done. Every attempt copies into a folder of its own
// (lib/storage/media-keys.ts), removed when the attempt fails.

defineScheduledJob(MOVE_IN_EPISODE_JOB, async (data, signal) => importMovedEpisode(String(data.itemId), signal));
defineScheduledJob(MOVE_IN_COVER_JOB, async (data, signal) => copyMovedInCover(String(data.moveInId), signal));

type StoredFile = { kind: string; format: string; key: string; filename: string; contentType: string; size: number; bitrate: null; isEnclosure: boolean };

/** A failure no retry can fix, that is not a fetch's (a guid taken, a file that is no audio). */
class PermanentMoveInError extends Error {}

/** This run's attempt was taken over by a later one (its job expired and was given out again). */
class LostMoveInAttemptError extends Error {}

/** Copies one episode of a move-in and creates it, published, with its old guid. */
export async function importMovedEpisode(itemId: string, signal?: AbortSignal): Promise<void> {
  const item = await db.moveInItem.findUnique({ where: { id: itemId }, include: { moveIn: { select: { id: true, userId: true, showId: true, plan: true } } } });
  if (!item || !item.moveIn.showId || item.state === "done" || item.state === "failed") return;
  const { moveIn } = item;
  const showId = moveIn.showId!;
  const old = (JSON.parse(moveIn.plan) as OldFeed).episodes[item.position];
  const attempt = item.attempts + 1;
  // The attempt is this run's only if no other run took it first (a job given out again after it expired): the
  // attempt count is the item's fence, checked again when the episode is created and when a failure is recorded.
  const claimed = await db.moveInItem.updateMany({ where: { id: item.id, attempts: item.attempts, state: { in: ["queued", "importing"] } }, data: { state: "importing", attempts: attempt } });
  if (claimed.count === 0) return;
  const storage = await getStorage();
  const folder = importAttemptPrefix(item.episodeId, 1, { jobId: item.id, fence: String(attempt) });
  try {
    if (!old || old.guid !== item.guid) throw new PermanentMoveInError("This episode is no longer in the move-in's plan.");
    const taken = await db.episode.findUnique({ where: { showId_guid: { showId, guid: item.guid } }, select: { id: true } });
    if (taken) throw new PermanentMoveInError(`Another episode of this show already has the guid ${JSON.stringify(item.guid)}; it was not moved in twice.`);
    // What an earlier attempt of this item left (a worker killed mid-copy).
    await storage.deletePrefix(importVersionAttempts(item.episodeId, 1));
    const copied = await copyEpisodeFiles(storage, folder, old, await findStorageRoomOrThrow(moveIn.userId), signal);
    await db.$transaction(async (tx) => {
      // A later attempt took the item over (and cleared this one's folder): this run records nothing.
      const stillOurs = await tx.moveInItem.updateMany({
        where: { id: item.id, attempts: attempt, state: "importing" },
        data: { state: "done", error: null, warnings: JSON.stringify([...(old.shortened ?? []), ...copied.warnings]) },
      });
      if (stillOurs.count === 0) throw new LostMoveInAttemptError();
      await chargeStorage(tx, moveIn.userId, copied.files.reduce((sum, file) => sum + file.size, 0));
      // Read under a lock the verification takes too (lib/move-in/claim-moved-in-show.ts): a draft show's copies are
      // drafts, which its verification puts on air.
      const [show] = await tx.$queryRaw<{ isVerified: boolean }[]>`SELECT "isVerified" FROM "Show" WHERE id = ${showId} FOR SHARE`;
      await tx.episode.create({
        data: {
          id: item.episodeId,
          userId: moveIn.userId,
          showId,
          source: "move-in",
          guid: item.guid,
          // It was on air at the old host: it is on air here, with its old date, once the show is verified.
          state: show?.isVerified ? "published" : "draft",
          publishedAt: old.publishedAt ? new Date(old.publishedAt) : new Date(),
          importState: "ready",
          audioVersion: 1,
          title: old.title,
          summary: old.description,
          durationSec: old.durationSec,
          episodeNumber: old.episodeNumber,
          season: old.season,
          episodeType: old.episodeType,
          explicit: old.explicit,
          url: old.link,
          coverKey: copied.coverKey,
          chapters: JSON.stringify(copied.chapters),
          transcript: copied.transcript ? JSON.stringify(copied.transcript) : null,
        },
      });
      await tx.mediaFile.createMany({ data: copied.files.map((file) => ({ ...file, size: BigInt(file.size), episodeId: item.episodeId })) });
      await touchShow(showId, tx);
    });
  } catch (error) {
    await removeAttemptFolder(storage, folder, `Move-in ${moveIn.id}`);
    if (error instanceof LostMoveInAttemptError) return;
    // Two runs of one item at once (a job given out again): the other one created the episode.
    if (isUniqueViolation(error)) {
      const now = await db.moveInItem.findUnique({ where: { id: item.id }, select: { state: true } });
      if (now?.state === "done") return;
    }
    const message = describeFailure(error);
    const isPermanent = isAppError(error, "QUOTA_EXCEEDED") || error instanceof PermanentMoveInError || error instanceof RefusedFileError || error instanceof TooLargeError || isUniqueViolation(error) || (error instanceof MoveInFetchError && error.isPermanent);
    // Recorded only while the attempt is still this run's.
    const ours = { id: item.id, attempts: attempt, state: "importing" };
    if (!isPermanent && attempt < MOVE_IN_MAX_ATTEMPTS) {
      const recorded = await db.moveInItem.updateMany({ where: ours, data: { state: "queued", error: `Retrying: ${message}` } });
      if (recorded.count > 0) throw error; // the job engine retries it, with backoff
      return;
    }
    await db.moveInItem.updateMany({ where: ours, data: { state: "failed", error: message } });
  } finally {
    await finishIfSettled(moveIn.id, showId);
  }
}

/** A copy's failure that says in words what happened (a refusal, a limit, the old host): no bug to log. */
function isCopyFailure(error: unknown): error is Error {
  return (
    error instanceof MoveInFetchError ||
    error instanceof PermanentMoveInError ||
    error instanceof RefusedFileError ||
    error instanceof SlowFetchError ||
    error instanceof TooLargeError ||
    isAppError(error, "QUOTA_EXCEEDED")
  );
}

function describeFailure(error: unknown): string {
  if (isAppError(error, "QUOTA_EXCEEDED")) return error.message;
  if (error instanceof TooLargeError) return `The audio file is larger than the limit of ${Math.round(env.mediaMaxFileBytes / 1024 / 1024)} MB.`;
  if (isUniqueViolation(error)) return "Another episode of this show already has this guid; it was not moved in twice.";
  if (isCopyFailure(error)) return error.message;
  console.error("Move-in: an episode failed:", error);
  return error instanceof Error && error.message ? `Podhaven could not copy this episode: ${error.message}` : "Podhaven could not copy this episode.";
}

async function finishIfSettled(moveInId: string, showId: string) {
  const open = await db.moveInItem.count({ where: { moveInId, state: { in: ["queued", "importing"] } } });
  if (open === 0) await db.moveIn.updateMany({ where: { id: moveInId, state: "importing" }, data: { state: "done" } });
  forgetShow(showId);
}

const AUDIO_EXTENSIONS: Record<string, string> = {
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/mp4": "m4a",
  "audio/x-m4a": "m4a",
  "audio/aac": "m4a",
  "audio/ogg": "ogg",
  "audio/opus": "opus",
  "audio/flac": "flac",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "video/mp4": "mp4",
};

/** The enclosure's file name here: its extension from the URL when it is a known audio one, else from its type. */
function audioFilename(enclosure: OldEpisode["enclosure"]): string {
  const fromUrl = /\.([a-z0-9]{2,4})$/i.exec(new URL(enclosure.url).pathname)?.[1]?.toLowerCase();
  const known = new Set(Object.values(AUDIO_EXTENSIONS).concat(["m4b", "oga"]));
  const extension = fromUrl && known.has(fromUrl) ? fromUrl : (AUDIO_EXTENSIONS[enclosure.type.toLowerCase()] ?? "mp3");
  return `audio.${extension}`;
}

const TRANSCRIPT_FILES: Record<string, string> = {
  "text/vtt": "vtt",
  "application/x-subrip": "srt",
  "application/srt": "srt",
  "text/srt": "srt",
  "text/html": "html",
  "text/plain": "txt",
};
const TRANSCRIPT_CONTENT_TYPES: Record<string, string> = { vtt: "text/vtt", srt: "application/x-subrip", html: "text/plain; charset=utf-8", txt: "text/plain" };

async function copyEpisodeFiles(storage: MediaStorage, folder: string, old: OldEpisode, room: StorageRoom, signal?: AbortSignal) {
  const files: StoredFile[] = [];
  const warnings: string[] = [];
  // The audio: without it there is no episode. Checked to be audio by its first bytes (an HTML page labelled
  // audio/mpeg is refused), through the ingestion core that imports from Auphonic use too.
  const audioName = audioFilename(old.enclosure);
  const contentType = contentTypeFor(audioName);
  const audio = await copyRemoteFile(storage, openMedia(old.enclosure.url, "audio file"), {
    what: "audio file",
    key: `${folder}${audioName}`,
    contentType,
    // Cut off at the room left under the creator's storage quota: a huge file is not downloaded first.
    maxBytes: room.cap(env.mediaMaxFileBytes),
    expect: "audio",
    signal,
  }).catch((error: unknown) => {
    throw room.explain(error, env.mediaMaxFileBytes);
  });
  files.push({ kind: "audio", format: audioName.split(".")[1]!, key: `${folder}${audioName}`, filename: audioName, contentType, size: audio.size, bitrate: null, isEnclosure: true });

  // Optional parts: one that cannot be copied is left out with a warning; the episode still moves in.
  const optional = async <T>(what: string, copy: () => Promise<T>): Promise<T | null> => {
    try {
      return await copy();
    } catch (error) {
      // A quota refusal fails the episode, not only this part.
      if (!isCopyFailure(error) || isAppError(error, "QUOTA_EXCEEDED")) throw error;
      warnings.push(`${what} left out: ${error.message}`);
      return null;
    }
  };

  const coverKey = old.imageUrl
    ? await optional("Episode art", async () => {
        const art = await copyRemoteFile(storage, openMedia(old.imageUrl!, "episode art"), {
          what: "episode art",
          key: (detected) => `${folder}cover.${detected?.extension ?? "jpg"}`,
          maxBytes: MOVE_IN_IMAGE_MAX_BYTES,
          expect: "image",
          signal,
        });
        const filename = art.key.slice(folder.length);
        files.push({ kind: "cover", format: "image", key: art.key, filename, contentType: art.contentType, size: art.size, bitrate: null, isEnclosure: false });
        return art.key;
      })
    : null;

  const chapters = old.chaptersUrl
    ? ((await optional("Chapters", async () => parseChaptersJson(await fetchSmall(old.chaptersUrl!, "chapters file", MOVE_IN_CHAPTERS_MAX_BYTES, signal)))) ?? [])
    : [];

  const transcriptFiles: StoredFile[] = [];
  for (const [index, transcript] of old.transcripts.entries()) {
    const extension = TRANSCRIPT_FILES[transcript.type.toLowerCase()];
    if (!extension) {
      warnings.push(`A transcript of type ${transcript.type} left out: Podhaven carries WebVTT, SRT, HTML and plain-text transcripts.`);
      continue;
    }
    await optional("A transcript", async () => {
      const bytes = await fetchSmall(transcript.url, "transcript", MOVE_IN_TRANSCRIPT_MAX_BYTES, signal);
      const filename = `transcript${index === 0 ? "" : `-${index + 1}`}.${extension}`;
      const key = `${folder}${filename}`;
      const fileType = TRANSCRIPT_CONTENT_TYPES[extension]!;
      await storage.put(key, bytes, { contentType: fileType, maxBytes: MOVE_IN_TRANSCRIPT_MAX_BYTES });
      const stored = { kind: "transcript", format: extension, key, filename, contentType: fileType, size: bytes.length, bitrate: null, isEnclosure: false };
      files.push(stored);
      transcriptFiles.push(stored);
    });
  }
  const shown = transcriptFiles.find((file) => file.format === "vtt") ?? transcriptFiles.find((file) => file.format === "srt");
  const transcriptText = shown ? await storage.readText(shown.key, MOVE_IN_TRANSCRIPT_MAX_BYTES) : null;
  const transcript = shown && transcriptText !== null ? parseTranscript(transcriptText, shown.key, shown.format === "vtt" ? "WebVTT" : "SubRip") : null;
  return { files, warnings, coverKey, chapters, transcript };
}

/** The old host's file, as the ingestion core opens it: public addresses, web ports, `Accept-Encoding: identity`. */
function openMedia(address: string, what: string): OpenRemoteFile {
  const url = parseFetchableUrl(address, what);
  return async (signal) => (await openPublicUrl(url, what, { signal, isMedia: true })).response;
}

async function fetchSmall(address: string, what: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  return readRemoteBytes(openMedia(address, what), { what, maxBytes, signal });
}

/** Podcasting 2.0 JSON chapters into the stored form (lib/episodes/parse-episode-json.ts); links only http(s). */
export function parseChaptersJson(bytes: Uint8Array): StoredChapter[] {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new PermanentMoveInError("the chapters file is not JSON.");
  }
  const list = (document as { chapters?: unknown })?.chapters;
  if (!Array.isArray(list)) throw new PermanentMoveInError("the chapters file has no chapters list.");
  return list
    .flatMap((entry): StoredChapter[] => {
      const chapter = entry as { startTime?: unknown; title?: unknown; url?: unknown; toc?: unknown };
      if (typeof chapter.startTime !== "number" || !Number.isFinite(chapter.startTime) || chapter.startTime < 0 || chapter.toc === false) return [];
      return [
        {
          startSec: chapter.startTime,
          title: typeof chapter.title === "string" ? chapter.title.slice(0, 500) : "",
          url: typeof chapter.url === "string" ? checkHttpUrl(chapter.url) : null,
          imageKey: null,
        },
      ];
    })
    .sort((a, b) => a.startSec - b.startSec)
    .slice(0, 1000);
}

/** Copies the old show's cover; a cover that cannot be copied is reported, and the creator can upload one. */
export async function copyMovedInCover(moveInId: string, signal?: AbortSignal): Promise<void> {
  const moveIn = await db.moveIn.findUnique({ where: { id: moveInId }, include: { show: { select: { id: true, coverPath: true } } } });
  if (!moveIn?.show || moveIn.show.coverPath) return;
  const imageUrl = (JSON.parse(moveIn.plan) as OldFeed).show.imageUrl;
  if (!imageUrl) return;
  const showId = moveIn.show.id;
  try {
    const bytes = await fetchSmall(imageUrl, "cover", MOVE_IN_IMAGE_MAX_BYTES, signal);
    const type = await detectMediaType(bytes, "image", "cover", null);
    if (type.mime === "image/webp") throw new PermanentMoveInError("it is not a JPEG or PNG image.");
    const key = showCoverKey(showId, createHash("sha256").update(bytes).digest("hex").slice(0, 16), type.extension);
    const storage = await getStorage();
    await storage.put(key, bytes, { contentType: type.mime, maxBytes: MOVE_IN_IMAGE_MAX_BYTES });
    const isSet = await db
      .$transaction(async (tx) => {
        await chargeStorage(tx, moveIn.userId, bytes.length);
        // Only while the show still has no cover: one the creator uploaded meanwhile stays.
        const { count } = await tx.show.updateMany({ where: { id: showId, coverPath: null }, data: { coverPath: key, coverSize: bytes.length } });
        return count > 0;
      })
      .catch(async (error: unknown) => {
        if (isAppError(error, "QUOTA_EXCEEDED")) await storage.delete(key);
        throw error;
      });
    if (!isSet) await storage.delete(key);
    forgetShow(showId);
  } catch (error) {
    if (!isCopyFailure(error)) throw error;
    const problems = parseStrings(moveIn.showProblems);
    problems.push(`The cover could not be copied (${error.message}); upload it on the show's edit page.`);
    await db.moveIn.update({ where: { id: moveInId }, data: { showProblems: JSON.stringify(problems) } });
  }
}
