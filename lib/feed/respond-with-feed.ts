import "server-only";
import { matchesIfNoneMatch } from "@/lib/http/matches-if-none-match";
import { chaptersDocumentName, documentsForSlug, feedDocumentName, type RenderedDocument } from "./feed-documents";
import { feedUrl } from "./feed-urls";

export { FEED_PAGE_SIZE } from "./render-feed";

const PAGE_PARAMETER = /^[1-9][0-9]{0,5}$/;

export type FeedAnswer = {
  status: 200 | 301 | 304 | 400 | 404;
  headers: Record<string, string>;
  /** The document (200), or a short JSON error. */
  body: Buffer | null;
  /** The same document gzipped, rendered once with it; null for answers without a document. */
  gzip: Buffer | null;
  etag: string | null;
};
/** `search`: the URL's query with its "?" (or ""), as in URL.search. */
type FeedRequest = { method: string; search: string; header: (name: string) => string | null | undefined };

/**
 * GET/HEAD of a show's feed: 404 for an unknown show, 400 for a malformed page number, 301 from an old address
 * (or to the new host), 304 when the client's ETag or Last-Modified is current, otherwise the RSS document, all
 * from memory in steady state (lib/feed/feed-documents.ts). Shared by the Next.js route and server.ts.
 */
export async function getFeed(request: FeedRequest, slug: string): Promise<FeedAnswer> {
  const pageParameter = request.search === "" ? null : new URLSearchParams(request.search).get("page");
  if (pageParameter !== null && !PAGE_PARAMETER.test(pageParameter)) return jsonError(400, "BAD_REQUEST", "page must be a positive whole number.");
  const page = Number(pageParameter ?? "1");
  const state = await documentsForSlug(slug);
  if (state.kind === "unknown") return jsonError(404, "NOT_FOUND", "No show has this address.");
  // A show's old address: its subscribers are sent on to the current feed for good.
  if (state.kind === "moved") return movedPermanently(`${feedUrl(state.slug)}${request.search}`);
  // The show moved to another host and asked for it: subscribers are sent on for good.
  if (state.show.redirectTo) return movedPermanently(state.show.redirectTo);
  const document = state.show.documents.get(feedDocumentName(page));
  if (!document) return jsonError(404, "NOT_FOUND", `The feed has ${state.show.pageCount} page(s).`);
  return answerWith(request, document, { "Cache-Control": "public, max-age=60" });
}

/** GET/HEAD of an episode's JSON chapters (Podcasting 2.0): from memory like the feed; 404 without public chapters. */
export async function getChapters(request: FeedRequest, slug: string, episodeId: string): Promise<FeedAnswer> {
  const state = await documentsForSlug(slug);
  const document = state.kind === "show" ? state.show.documents.get(chaptersDocumentName(episodeId)) : undefined;
  if (!document) return { ...jsonError(404, "NOT_FOUND", "This episode has no public chapters."), headers: { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" } };
  return answerWith(request, document, { "Cache-Control": "public, max-age=300" });
}

// A document's headers are the same for every request: made once per document (and Cache-Control), kept with it.
const headersOf = new WeakMap<RenderedDocument, Record<string, string>>();

function answerWith(request: FeedRequest, document: RenderedDocument, extra: { "Cache-Control": string }): FeedAnswer {
  let headers = headersOf.get(document);
  if (!headers) {
    headers = {
      "Content-Type": document.contentType,
      ETag: document.etag,
      "Last-Modified": document.lastModified.toUTCString(),
      "Access-Control-Allow-Origin": "*",
      ...extra,
    };
    headersOf.set(document, headers);
  }
  if (isNotModified(request.header, document.etag, document.lastModified)) return { status: 304, headers, body: null, gzip: null, etag: document.etag };
  return { status: 200, headers, body: document.body, gzip: document.gzip, etag: document.etag };
}

/** A document as a Web Response, for the Next.js routes (which drop Content-Length) and tests. */
export async function toResponse(request: Request, answer: FeedAnswer): Promise<Response> {
  const headers = new Headers(answer.headers);
  if (answer.body !== null) headers.set("Content-Length", String(answer.body.length));
  return new Response(request.method === "HEAD" || answer.body === null ? null : new Uint8Array(answer.body), { status: answer.status, headers });
}

export async function respondWithFeed(request: Request, slug: string): Promise<Response> {
  return toResponse(request, await getFeed(asFeedRequest(request), slug));
}

export function asFeedRequest(request: Request): FeedRequest {
  return { method: request.method, search: new URL(request.url).search, header: (name) => request.headers.get(name) };
}

function movedPermanently(location: string): FeedAnswer {
  return { status: 301, headers: { Location: location, "Cache-Control": "public, max-age=3600" }, body: null, gzip: null, etag: null };
}

function jsonError(status: 400 | 404, error: string, message: string): FeedAnswer {
  return { status, headers: { "Content-Type": "application/json" }, body: Buffer.from(JSON.stringify({ error, message })), gzip: null, etag: null };
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; Last-Modified has one-second precision. */
function isNotModified(header: FeedRequest["header"], etag: string, lastModified: Date): boolean {
  const ifNoneMatch = header("if-none-match");
  if (ifNoneMatch != null) return matchesIfNoneMatch(ifNoneMatch, etag);
  const since = Date.parse(header("if-modified-since") ?? "");
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
