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
  const feedRequest = { method, url: new URL(url, "http://localhost"), header };
  const answer = feed ? await getFeed(feedRequest, slug) : await getChapters(feedRequest, slug, chapters![2]!);
  send(response, method, answer, /\bgzip\b/.test(header("accept-encoding") ?? ""));
  return true;
}

function send(response: ServerResponse, method: string, answer: FeedAnswer, acceptsGzip: boolean) {
  const headers: Record<string, string> = { ...answer.headers, Vary: "Accept-Encoding" };
  let body = answer.body;
  if (acceptsGzip && answer.etag !== null && (answer.status === 200 || answer.status === 304)) {
    // A strong tag names one representation (RFC 9110 §8.8.3); If-None-Match accepts either form.
    headers.ETag = answer.etag.replace(/"$/, '-gz"');
    if (answer.gzip) {
      body = answer.gzip;
      headers["Content-Encoding"] = "gzip";
    }
  }
  if (body) headers["Content-Length"] = String(body.length);
  response.writeHead(answer.status, headers);
  response.end(method === "HEAD" ? undefined : (body ?? undefined));
}
