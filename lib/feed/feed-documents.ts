import "server-only";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { EVERYTHING, isListening, onShowChange } from "@/lib/cache/change-listener";
import { sql, withTransaction } from "@/lib/database/sql";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { parseChapters } from "@/lib/episodes/parse-episode-json";
import { findCurrentSlug } from "@/lib/shows/find-current-slug";
import { mediaUrl } from "@/lib/storage/media-keys";
import { buildChaptersJson } from "./build-chapters-json";
import { ensurePodcastGuid } from "./ensure-podcast-guid";
import { FEED_PAGE_SIZE, renderFeed } from "./render-feed";

// A show's public documents (its feed pages, with their gzip, and its episodes' JSON chapters) are rendered once
// per version of the show, stored in RenderedDocument, and kept in every web process's memory: a feed poll, full
// or 304, touches no database in steady state. Workers render right after a change (startFeedRenderer); a web
// process that finds the stored render out of date renders it itself. Memory follows changes through
// lib/cache/change-listener.ts.

export type RenderedDocument = { name: string; etag: string; lastModified: Date; contentType: string; body: Buffer; gzip: Buffer };
export type ShowDocuments = {
  showId: string;
  pageCount: number;
  /** Moving away: the new host's feed, when the creator asked our feed to answer 301 there. */
  redirectTo: string | null;
  documents: Map<string, RenderedDocument>;
};
export type SlugState = { kind: "show"; show: ShowDocuments } | { kind: "moved"; showId: string | null; slug: string } | { kind: "unknown" };

export const feedDocumentName = (page: number) => `feed-${page}`;
export const chaptersDocumentName = (episodeId: string) => `chapters-${episodeId}`;

const MAX_SLUGS = 2_000;
const KEY = Symbol.for("podhaven.feed-documents");
type MemoryState = { slugs: Map<string, SlugState>; generation: number };
const memory: MemoryState = ((globalThis as Record<symbol, unknown>)[KEY] as MemoryState | undefined) ?? createMemory();

function createMemory(): MemoryState {
  const created: MemoryState = { slugs: new Map(), generation: 0 };
  (globalThis as Record<symbol, unknown>)[KEY] = created;
  onShowChange((showId) => {
    created.generation++;
    if (showId === EVERYTHING) return created.slugs.clear();
    for (const [slug, state] of created.slugs) {
      // Unknown and old addresses depend on every show's: they go at any change of an address ("*").
      if ((state.kind === "show" && state.show.showId === showId) || (state.kind === "moved" && state.showId === showId)) created.slugs.delete(slug);
    }
  });
  return created;
}

/** What a show address serves: the show's documents, a 301 to its current address, or nothing. */
export async function documentsForSlug(slug: string): Promise<SlugState> {
  const useMemory = isListening();
  if (useMemory) {
    const known = memory.slugs.get(slug);
    if (known) return known;
  }
  // Polls that miss together share one load (and at most one render), instead of one each.
  // (A load that started before a change is not shared with requests that came after it.)
  const generation = memory.generation;
  const flightKey = `${generation}:${slug}`;
  const loading = inFlight.get(flightKey);
  if (loading) return loading;
  const load = loadSlug(slug).finally(() => inFlight.delete(flightKey));
  inFlight.set(flightKey, load);
  const state = await load;
  if (useMemory && isListening() && generation === memory.generation) {
    if (memory.slugs.size >= MAX_SLUGS) memory.slugs.delete(memory.slugs.keys().next().value!);
    memory.slugs.set(slug, state);
  }
  return state;
}
const inFlight = new Map<string, Promise<SlugState>>();

// The adapter returns a declared timestamp column as a Date and MAX(...) of one as its text.
type ShowVersion = { id: string; slug: string; updatedAt: Date | string; newFeedUrl: string | null; redirectFeed: boolean; count: string; latest: Date | string | null };

async function loadSlug(slug: string): Promise<SlugState> {
  const version = await readVersion(`s.slug = $1`, slug);
  if (!version) {
    const current = await findCurrentSlug(slug);
    if (!current) return { kind: "unknown" };
    const [owner] = await sql.query<{ showId: string | null }>(`SELECT "showId" FROM "ShowSlug" WHERE slug = $1`, [slug]);
    return { kind: "moved", showId: owner?.showId ?? null, slug: current };
  }
  return { kind: "show", show: await ensureRendered(version) };
}

/** Brings the show's stored documents up to date (rendering them if they are not) and returns them. */
export async function renderShowDocuments(showId: string): Promise<ShowDocuments | null> {
  const version = await readVersion(`s.id = $1`, showId);
  return version ? ensureRendered(version) : null;
}

async function readVersion(where: string, value: string): Promise<ShowVersion | null> {
  const [version] = await sql.query<ShowVersion>(
    `SELECT s.id, s.slug, s."updatedAt", s."newFeedUrl", s."redirectFeed", COUNT(e.id)::text AS count, MAX(e."updatedAt") AS latest
     FROM "Show" s LEFT JOIN "Episode" e
       ON e."showId" = s.id AND e.state = 'published' AND e."audioVersion" > 0 AND e."publishedAt" IS NOT NULL
     WHERE ${where} AND s."isVerified"
     GROUP BY s.id`,
    [value],
  );
  return version ?? null;
}

const gzipAsync = promisify(gzip);

async function ensureRendered(version: ShowVersion): Promise<ShowDocuments> {
  const count = Number(version.count);
  const pageCount = Math.max(1, Math.ceil(count / FEED_PAGE_SIZE));
  const showChanged = toTime(version.updatedAt);
  const episodeChanged = version.latest === null ? 0 : toTime(version.latest);
  // Milliseconds: a Date turned into text would keep only seconds, and two saves in one second would share a tag.
  const versionKey = [env.appUrl, version.id, version.slug, showChanged, count, episodeChanged].join(":");
  const redirectTo = version.redirectFeed && version.newFeedUrl ? version.newFeedUrl : null;

  const stored = await sql.query<RenderedDocument & { versionKey: string }>(
    `SELECT name, "versionKey", etag, "lastModified" AT TIME ZONE 'UTC' AS "lastModified", "contentType", body, gzip FROM "RenderedDocument" WHERE "showId" = $1`,
    [version.id],
  );
  const isCurrent = stored.length > 0 && stored.every((row) => row.versionKey === versionKey) && stored.filter((row) => row.name.startsWith("feed-")).length === pageCount;
  const documents = isCurrent ? stored : await render(version, versionKey, pageCount, new Date(Math.max(showChanged, episodeChanged)));
  return { showId: version.id, pageCount, redirectTo, documents: new Map(documents.map((row) => [row.name, row])) };
}

async function render(version: ShowVersion, versionKey: string, pageCount: number, lastModified: Date): Promise<RenderedDocument[]> {
  const show = await db.show.findUniqueOrThrow({ where: { id: version.id } });
  const feedShow = { ...show, podcastGuid: await ensurePodcastGuid(show) };
  const documents: RenderedDocument[] = [];
  const add = async (name: string, contentType: string, text: string) => {
    const body = Buffer.from(text);
    const etag = `"${createHash("sha256").update(`${versionKey}:${name}`).digest("base64url").slice(0, 32)}"`;
    documents.push({ name, etag, lastModified, contentType, body, gzip: await gzipAsync(body) });
  };
  for (let page = 1; page <= pageCount; page++) {
    await add(feedDocumentName(page), "application/rss+xml; charset=utf-8", await renderFeed(feedShow, page, pageCount, lastModified));
  }
  const withChapters = await db.episode.findMany({
    where: { showId: show.id, state: "published", audioVersion: { gt: 0 }, publishedAt: { not: null }, chapters: { not: "[]" } },
    select: { id: true, chapters: true },
  });
  for (const episode of withChapters) {
    const chapters = parseChapters(episode.chapters);
    if (chapters.length > 0) await add(chaptersDocumentName(episode.id), "application/json+chapters", JSON.stringify(buildChaptersJson(chapters, mediaUrl)));
  }
  await withTransaction(async (tx) => {
    await tx.query(`DELETE FROM "RenderedDocument" WHERE "showId" = $1 AND NOT (name = ANY($2::text[]))`, [show.id, documents.map((document) => document.name)]);
    await tx.query(
      `INSERT INTO "RenderedDocument" ("showId", name, "versionKey", etag, "lastModified", "contentType", body, gzip)
       SELECT $1, n, v, e, m AT TIME ZONE 'UTC', c, b, g
       FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::bytea[], $8::bytea[]) AS t(n, v, e, m, c, b, g)
       ON CONFLICT ("showId", name) DO UPDATE SET "versionKey" = EXCLUDED."versionKey", etag = EXCLUDED.etag, "lastModified" = EXCLUDED."lastModified",
         "contentType" = EXCLUDED."contentType", body = EXCLUDED.body, gzip = EXCLUDED.gzip, "renderedAt" = now()`,
      [
        show.id,
        documents.map((document) => document.name),
        documents.map(() => versionKey),
        documents.map((document) => document.etag),
        documents.map((document) => document.lastModified.toISOString()),
        documents.map((document) => document.contentType),
        documents.map((document) => document.body),
        documents.map((document) => document.gzip),
      ],
    );
  });
  return documents;
}

function toTime(value: Date | string): number {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(time) ? time : 0;
}

/**
 * Workers: renders a show's documents shortly after it changes (changes within RENDER_DELAY_MS are rendered once),
 * so the first poll after an edit finds them stored. Returns a stop function.
 */
const RENDER_DELAY_MS = 200;
export function startFeedRenderer(): () => void {
  const pending = new Map<string, NodeJS.Timeout>();
  const unsubscribe = onShowChange((showId) => {
    if (showId === EVERYTHING || pending.has(showId)) return;
    pending.set(
      showId,
      setTimeout(() => {
        pending.delete(showId);
        renderShowDocuments(showId).catch((error: unknown) => console.error(`Feed of show ${showId}: could not render:`, error));
      }, RENDER_DELAY_MS).unref(),
    );
  });
  void isListening(); // starts listening
  return () => {
    unsubscribe();
    for (const timer of pending.values()) clearTimeout(timer);
  };
}
