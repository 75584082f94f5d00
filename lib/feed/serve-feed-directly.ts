import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHeader } from "@/lib/http/node-header";
import { getChapters, getFeed, type FeedAnswer } from "./respond-with-feed";

const FEED_PATH = /^\/podcasts\/([^/?]+)\/feed\.xml(?:\?|$)/;
const CHAPTERS_PATH = /^\/podcasts\/([^/?]+)\/episodes\/([a-z0-9]+)\/chapters\.json(?:\?|$)/;

/**
 * server.ts's direct path for feeds and JSON chapters: Content-Length (which Next's route handlers drop) and the
 * gzip rendered with the document, answered from memory. Returns false for other URLs.
 */
export async function serveFeedDirectly(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const method = request.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") return false;
  const url = request.url ?? "";
  const feed = FEED_PATH.exec(url);
  const chapters = feed ? null : CHAPTERS_PATH.exec(url);
  if (!feed && !chapters) return false;
  let slug: string;
  try {
    slug = decodeURIComponent((feed ?? chapters)![1]!);
  } catch {
    return false;
  }
  const header = (name: string) => nodeHeader(request, name);
  const query = url.indexOf("?");
  const feedRequest = { method, search: query === -1 ? "" : url.slice(query), header };
  const answer = feed ? await getFeed(feedRequest, slug) : await getChapters(feedRequest, slug, chapters![2]!);
  send(response, method, answer, /\bgzip\b/.test(header("accept-encoding") ?? ""));
  return true;
}

function send(response: ServerResponse, method: string, answer: FeedAnswer, acceptsGzip: boolean) {
  const isGzip = acceptsGzip && answer.etag !== null && (answer.status === 200 || answer.status === 304);
  const body = isGzip && answer.gzip ? answer.gzip : answer.body;
  response.writeHead(answer.status, headersFor(answer, isGzip, body));
  response.end(method === "HEAD" ? undefined : (body ?? undefined));
}

// The headers of a document's answers (plain or gzip, 200 or 304) are made once: feed polls repeat them.
const prepared = new WeakMap<Record<string, string>, Map<string, Record<string, string>>>();

function headersFor(answer: FeedAnswer, isGzip: boolean, body: Buffer | null): Record<string, string> {
  const variant = `${answer.status}:${isGzip}`;
  const known = prepared.get(answer.headers)?.get(variant);
  if (known) return known;
  const headers: Record<string, string> = { ...answer.headers, Vary: "Accept-Encoding" };
  if (isGzip) {
    // A strong tag names one representation (RFC 9110 §8.8.3); If-None-Match accepts either form.
    headers.ETag = answer.etag!.replace(/"$/, '-gz"');
    if (answer.gzip) headers["Content-Encoding"] = "gzip";
  }
  if (body) headers["Content-Length"] = String(body.length);
  // Only answers of a document (they carry its ETag) are kept; errors and redirects are made each time.
  if (answer.etag !== null) {
    const variants = prepared.get(answer.headers) ?? new Map<string, Record<string, string>>();
    variants.set(variant, headers);
    prepared.set(answer.headers, variants);
  }
  return headers;
}
