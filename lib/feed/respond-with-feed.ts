import "server-only";
import { findCurrentSlug } from "@/lib/shows/find-current-slug";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { matchesIfNoneMatch } from "@/lib/http/matches-if-none-match";
import { publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import { parseChapters } from "@/lib/episodes/parse-episode-json";
import { mediaUrl } from "@/lib/storage/media-keys";
import { buildFeed, type FeedEpisode, type FeedFile } from "./build-feed";
import { ensurePodcastGuid } from "./ensure-podcast-guid";
import { chaptersUrl, feedUrl, publicShowUrl } from "./feed-urls";
import { transcriptType } from "./transcript-types";

/** Items per feed document; longer feeds are split with RFC 5005 paging links, never truncated. */
export const FEED_PAGE_SIZE = 1000;
const CACHE_ENTRIES = 32;
const PAGE_PARAMETER = /^[1-9][0-9]{0,5}$/;

// Rendered feeds by ETag: feeds are polled constantly and change rarely. The ETag covers everything the
// document depends on, so an entry is never stale; the oldest entries are dropped first.
const rendered = new Map<string, string>();

// Keep in step with the SQL in getFeed.
const PUBLISHED = { state: "published", audioVersion: { gt: 0 }, publishedAt: { not: null } } as const;

export type FeedAnswer = { status: 200 | 301 | 304 | 400 | 404; headers: Record<string, string>; body: string | null; etag: string | null };
type FeedRequest = { method: string; url: URL; header: (name: string) => string | null | undefined };
// The adapter returns a declared DATETIME column as a Date and MAX(...) of one as its ISO text.
type FeedVersion = { id: string; updatedAt: Date | string; newFeedUrl: string | null; redirectFeed: boolean; count: number | bigint; latest: Date | string | null };

/**
 * GET/HEAD of a show's feed: 404 for an unknown show, 400 for a malformed page number, 304 when the
 * client's ETag or Last-Modified is current, otherwise the RSS document. Shared by the Next.js route and
 * server.ts's direct path (which adds gzip and Content-Length).
 */
export async function getFeed(request: FeedRequest, slug: string): Promise<FeedAnswer> {
  const pageParameter = request.url.searchParams.get("page");
  if (pageParameter !== null && !PAGE_PARAMETER.test(pageParameter)) return jsonError(400, "BAD_REQUEST", "page must be a positive whole number.");
  const page = Number(pageParameter ?? "1");
  // Feeds are polled constantly: what decides between 304 and a (cached) document is one query.
  const [version] = await db.$queryRaw<FeedVersion[]>`
    SELECT s.id, s."updatedAt", s."newFeedUrl", s."redirectFeed", COUNT(e.id) AS count, MAX(e."updatedAt") AS latest
    FROM "Show" s LEFT JOIN "Episode" e
      ON e."showId" = s.id AND e.state = 'published' AND e."audioVersion" > 0 AND e."publishedAt" IS NOT NULL
    WHERE s.slug = ${slug}
    GROUP BY s.id`;
  if (!version) {
    // A show's old address: its subscribers are sent on to the current feed for good.
    const current = await findCurrentSlug(slug);
    if (!current) return jsonError(404, "NOT_FOUND", "No show has this address.");
    const location = `${feedUrl(current)}${request.url.search}`;
    return { status: 301, headers: { Location: location, "Cache-Control": "public, max-age=3600" }, body: null, etag: null };
  }
  // The show moved to another host and asked for it: subscribers are sent on for good.
  if (version.redirectFeed && version.newFeedUrl) {
    return { status: 301, headers: { Location: version.newFeedUrl, "Cache-Control": "public, max-age=3600" }, body: null, etag: null };
  }
  const count = Number(version.count);
  const pageCount = Math.max(1, Math.ceil(count / FEED_PAGE_SIZE));
  if (page > pageCount) return jsonError(404, "NOT_FOUND", `The feed has ${pageCount} page(s).`);

  const showChanged = toTime(version.updatedAt);
  const episodeChanged = version.latest === null ? 0 : toTime(version.latest);
  const lastModified = new Date(Math.max(showChanged, episodeChanged));
  // Milliseconds: a Date turned into text would keep only seconds, and two saves in one second would share a tag.
  const key = [env.appUrl, version.id, showChanged, count, episodeChanged, page].join(":");
  const etag = `"${createHash("sha256").update(key).digest("base64url").slice(0, 32)}"`;
  const headers: Record<string, string> = {
    "Content-Type": "application/rss+xml; charset=utf-8",
    ETag: etag,
    "Last-Modified": lastModified.toUTCString(),
    "Cache-Control": "public, max-age=60",
    "Access-Control-Allow-Origin": "*",
  };
  if (isNotModified(request.header, etag, lastModified)) return { status: 304, headers, body: null, etag };

  let body = rendered.get(etag);
  if (body === undefined) {
    const show = await db.show.findUniqueOrThrow({ where: { id: version.id } });
    body = await renderFeed({ ...show, podcastGuid: await ensurePodcastGuid(show) }, page, pageCount, lastModified);
    rendered.set(etag, body);
    if (rendered.size > CACHE_ENTRIES) rendered.delete(rendered.keys().next().value!);
  }
  return { status: 200, headers, body, etag };
}

/** The feed as a Web Response, for the Next.js route (which drops Content-Length) and tests. */
export async function respondWithFeed(request: Request, slug: string): Promise<Response> {
  const answer = await getFeed({ method: request.method, url: new URL(request.url), header: (name) => request.headers.get(name) }, slug);
  const headers = new Headers(answer.headers);
  if (answer.body !== null) headers.set("Content-Length", String(Buffer.byteLength(answer.body)));
  return new Response(request.method === "HEAD" ? null : answer.body, { status: answer.status, headers });
}

function jsonError(status: 400 | 404, error: string, message: string): FeedAnswer {
  return { status, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ error, message }), etag: null };
}

function toTime(value: Date | string): number {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(time) ? time : 0;
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; Last-Modified has one-second precision. */
function isNotModified(header: FeedRequest["header"], etag: string, lastModified: Date): boolean {
  const ifNoneMatch = header("if-none-match");
  if (ifNoneMatch != null) return matchesIfNoneMatch(ifNoneMatch, etag);
  const since = Date.parse(header("if-modified-since") ?? "");
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

type FeedShowRow = NonNullable<Awaited<ReturnType<typeof db.show.findUnique>>> & { podcastGuid: string };

async function renderFeed(show: FeedShowRow, page: number, pageCount: number, lastModified: Date): Promise<string> {
  const episodes = await db.episode.findMany({
    where: { showId: show.id, ...PUBLISHED },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * FEED_PAGE_SIZE,
    take: FEED_PAGE_SIZE,
    include: { files: { where: { kind: { in: ["audio", "transcript"] } } } },
    // The stored transcript cues are for the episode page; a feed links the transcript files.
    omit: { transcript: true },
  });
  return buildFeed({
    selfUrl: feedUrl(show.slug, page),
    lastBuildDate: lastModified,
    paging:
      pageCount > 1
        ? {
            first: feedUrl(show.slug, 1),
            last: feedUrl(show.slug, pageCount),
            next: page < pageCount ? feedUrl(show.slug, page + 1) : null,
            previous: page > 1 ? feedUrl(show.slug, page - 1) : null,
          }
        : null,
    show: {
      ...show,
      link: show.link ?? publicShowUrl(show.slug),
      coverUrl: show.coverPath ? mediaUrl(show.coverPath) : null,
    },
    episodes: episodes.flatMap((episode): FeedEpisode[] => {
      const enclosure = episode.files.find((file) => file.isEnclosure);
      if (!enclosure || !episode.publishedAt) return [];
      const asFeedFile = (file: typeof enclosure): FeedFile => ({
        url: mediaUrl(file.key),
        contentType: file.contentType,
        size: Number(file.size),
        bitrate: file.bitrate,
        format: file.format,
      });
      return [
        {
          ...episode,
          publishedAt: episode.publishedAt,
          link: publicEpisodeUrl(show.slug, episode.id),
          imageUrl: episode.coverKey ? mediaUrl(episode.coverKey) : null,
          enclosure: asFeedFile(enclosure),
          alternates: episode.files.filter((file) => file.kind === "audio" && !file.isEnclosure).map(asFeedFile),
          transcripts: episode.files.flatMap((file) => {
            const type = file.kind === "transcript" ? transcriptType(file.filename) : null;
            return type ? [{ url: mediaUrl(file.key), ...type }] : [];
          }),
          chaptersUrl: parseChapters(episode.chapters).length > 0 ? chaptersUrl(show.slug, episode.id) : null,
        },
      ];
    }),
  });
}
