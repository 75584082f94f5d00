import "server-only";
import { createHash } from "node:crypto";
import { isListening, onShowChange, EVERYTHING } from "@/lib/cache/change-listener";
import { sql } from "@/lib/database/sql";
import { parseMediaKey } from "@/lib/storage/media-keys";
import { getStorage, type MediaStorage } from "@/lib/storage/media-storage";
import { contentTypeFor, servedContentType } from "./content-type";

/** A file anyone may download: a show's cover, a file of a published episode, or one retired in its grace period. */
export type PublicMedia = {
  key: string;
  showId: string;
  contentType: string;
  size: number;
  etag: string;
  lastModified: Date;
  /** Retired files answer until then (the grace period); current ones have no end. */
  until: number;
  /** An episode's audio: its requests are recorded for download analytics (lib/analytics/record-download-event.ts). */
  download: DownloadTarget | null;
};

export type DownloadTarget = { episodeId: string; showId: string; minBytes: number };

// What public media keys resolve to, kept in memory: every enclosure download and range probe asks, so in steady
// state none of them touches the database. Entries go when their show changes (lib/cache/change-listener.ts).
// Keys that resolve to nothing are remembered too, in a bounded set, so probes of unknown files stay cheap.
const MAX_MISSES = 10_000;
const KEY = Symbol.for("podhaven.media-index");
// `generation` moves at every change: a lookup that a change overtook does not store what it read.
type IndexState = { found: Map<string, PublicMedia>; missing: Set<string>; generation: number };
const index: IndexState = ((globalThis as Record<symbol, unknown>)[KEY] as IndexState | undefined) ?? createIndex();

function createIndex(): IndexState {
  const created: IndexState = { found: new Map(), missing: new Set(), generation: 0 };
  (globalThis as Record<symbol, unknown>)[KEY] = created;
  onShowChange((showId) => {
    created.generation++;
    created.missing.clear();
    if (showId === EVERYTHING) {
      created.found.clear();
      return heads.clear();
    }
    for (const [key, media] of created.found) {
      if (media.showId !== showId) continue;
      created.found.delete(key);
      heads.delete(key);
    }
  });
  return created;
}

/** The public file behind a key, or null (unknown, a draft's, deleted, past its grace period). */
export async function resolvePublicMedia(key: string): Promise<PublicMedia | null> {
  const useMemory = isListening();
  if (useMemory) {
    const known = index.found.get(key);
    if (known && known.until > Date.now()) return known;
    if (!known && index.missing.has(key)) return null;
  }
  const parsed = parseMediaKey(key);
  if (!parsed || parsed.kind === "episode-alias") return null;
  const generation = index.generation;
  const found = await lookUp(key, parsed.kind === "show-cover");
  if (useMemory && isListening() && generation === index.generation) {
    if (found) index.found.set(key, found);
    else {
      if (index.missing.size >= MAX_MISSES) index.missing.clear();
      index.missing.add(key);
    }
  }
  return found;
}

type Row = { showId: string; contentType: string | null; until: Date | null; episodeId: string | null; isAudio: boolean; durationSec: number | null };

async function lookUp(key: string, isCover: boolean): Promise<PublicMedia | null> {
  // The current file first, then a retired one still in its grace period (and still public).
  const [row] = isCover
    ? await sql.query<Row>(
        `SELECT s.id AS "showId", NULL AS "contentType", NULL::timestamptz AS until, NULL AS "episodeId", false AS "isAudio", NULL::float8 AS "durationSec"
         FROM "Show" s WHERE s."coverPath" = $1 AND s."isVerified"
         UNION ALL
         SELECT r."showId", r."contentType", (r."deleteAfter" AT TIME ZONE 'UTC'), NULL, false, NULL FROM "RetiredMedia" r JOIN "Show" s ON s.id = r."showId"
         WHERE r.key = $1 AND s."isVerified" AND r."isServable" AND r."deleteAfter" > (now() AT TIME ZONE 'UTC')
         LIMIT 1`,
        [key],
      )
    : await sql.query<Row>(
        `SELECT e."showId", f."contentType", NULL::timestamptz AS until, e.id AS "episodeId", f.kind = 'audio' AS "isAudio", e."durationSec"
         FROM "MediaFile" f JOIN "Episode" e ON e.id = f."episodeId" JOIN "Show" s ON s.id = e."showId"
         WHERE f.key = $1 AND e.state = 'published' AND s."isVerified"
         UNION ALL
         SELECT e."showId", r."contentType", (r."deleteAfter" AT TIME ZONE 'UTC'), e.id, starts_with(r."contentType", 'audio/'), e."durationSec" FROM "RetiredMedia" r JOIN "Episode" e ON e.id = r."episodeId"
           JOIN "Show" s ON s.id = e."showId"
         WHERE r.key = $1 AND s."isVerified" AND r."isServable" AND r."deleteAfter" > (now() AT TIME ZONE 'UTC') AND e.state = 'published'
         LIMIT 1`,
        [key],
      );
  if (!row) return null;
  const stored = await (await getStorage()).head(key);
  if (!stored) return null;
  return {
    key,
    showId: row.showId,
    contentType: servedContentType(row.contentType ?? contentTypeFor(key)),
    size: stored.size,
    etag: mediaEtag(key, stored.size),
    lastModified: stored.lastModified,
    until: row.until ? new Date(row.until).getTime() : Number.POSITIVE_INFINITY,
    download: row.isAudio && row.episodeId ? { episodeId: row.episodeId, showId: row.showId, minBytes: minuteOfAudio(stored.size, row.durationSec) } : null,
  };
}

// Without a duration, a minute at 128 kb/s (the usual spoken-word bitrate).
const MINUTE_AT_128_KBPS = (128_000 / 8) * 60;

/** The bytes of about a minute of the file's audio (IAB: shorter requests are not downloads), or the whole file. */
export function minuteOfAudio(size: number, durationSec: number | null): number {
  const minute = durationSec && durationSec > 0 ? Math.ceil((size * 60) / durationSec) : MINUTE_AT_128_KBPS;
  return Math.min(size, minute);
}

/** How much of a file's start is kept in memory for range probes (`bytes=0-1` and the like). */
export const HEAD_BYTES = 16 * 1024;
const MAX_HEADS = 4_096;
const heads = new Map<string, Buffer>();

/** The file's first HEAD_BYTES (or all of a smaller file), read once while the key stays public. */
export async function fileHead(media: PublicMedia, storage: MediaStorage): Promise<Buffer | null> {
  const known = heads.get(media.key);
  if (known) return known;
  const bytes = await storage.readRange(media.key, { start: 0, end: Math.min(HEAD_BYTES, media.size) - 1 });
  if (bytes && index.found.get(media.key) === media) {
    if (heads.size >= MAX_HEADS) heads.delete(heads.keys().next().value!);
    heads.set(media.key, bytes);
  }
  return bytes;
}

/** Keys never change content, so the key and size name the bytes, whatever the store. */
export function mediaEtag(key: string, size: number): string {
  return `"${createHash("sha1").update(`${key}:${size}`).digest("base64url")}"`;
}
