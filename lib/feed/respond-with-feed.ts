import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import { parseChapters } from "@/lib/episodes/parse-episode-json";
import { mediaUrl } from "@/lib/media/local-storage";
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

const PUBLISHED = { state: "published", audioVersion: { gt: 0 }, publishedAt: { not: null } } as const;

/**
 * GET/HEAD of a show's feed: 404 for an unknown show, 400 for a malformed page number, 304 when the
 * client's ETag or Last-Modified is current, otherwise the RSS document.
 */
export async function respondWithFeed(request: Request, slug: string): Promise<Response> {
  const pageParameter = new URL(request.url).searchParams.get("page");
  if (pageParameter !== null && !PAGE_PARAMETER.test(pageParameter)) {
    return Response.json({ error: "BAD_REQUEST", message: "page must be a positive whole number." }, { status: 400 });
  }
  const page = Number(pageParameter ?? "1");
  const show = await db.show.findUnique({ where: { slug } });
  if (!show) return Response.json({ error: "NOT_FOUND", message: "No show has this address." }, { status: 404 });

  const where = { showId: show.id, ...PUBLISHED };
  const stats = await db.episode.aggregate({ where, _count: { _all: true }, _max: { updatedAt: true } });
  const pageCount = Math.max(1, Math.ceil(stats._count._all / FEED_PAGE_SIZE));
  if (page > pageCount) return Response.json({ error: "NOT_FOUND", message: `The feed has ${pageCount} page(s).` }, { status: 404 });

  const lastModified = new Date(Math.max(show.updatedAt.getTime(), stats._max.updatedAt?.getTime() ?? 0));
  const version = [env.appUrl, show.id, show.updatedAt.getTime(), stats._count._all, lastModified.getTime(), page].join(":");
  const etag = `"${createHash("sha256").update(version).digest("base64url").slice(0, 32)}"`;
  const headers = new Headers({
    "Content-Type": "application/rss+xml; charset=utf-8",
    ETag: etag,
    "Last-Modified": lastModified.toUTCString(),
    "Cache-Control": "public, max-age=60",
    "Access-Control-Allow-Origin": "*",
  });
  if (isNotModified(request, etag, lastModified)) return new Response(null, { status: 304, headers });

  let body = rendered.get(etag);
  if (body === undefined) {
    body = await renderFeed({ ...show, podcastGuid: await ensurePodcastGuid(show) }, page, pageCount, lastModified);
    rendered.set(etag, body);
    if (rendered.size > CACHE_ENTRIES) rendered.delete(rendered.keys().next().value!);
  }
  headers.set("Content-Length", String(Buffer.byteLength(body)));
  return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; Last-Modified has one-second precision. */
function isNotModified(request: Request, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    return ifNoneMatch.split(",").some((tag) => {
      const candidate = tag.trim().replace(/^W\//, "");
      return candidate === "*" || candidate === etag;
    });
  }
  const since = Date.parse(request.headers.get("if-modified-since") ?? "");
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
        size: file.size,
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
