import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { nodeHeader } from "@/lib/http/node-header";
import { getFeed } from "./respond-with-feed";

const FEED_PATH = /^\/podcasts\/([^/?]+)\/feed\.xml(?:\?|$)/;
const GZIP_CACHE_ENTRIES = 32;
const gzipped = new Map<string, Buffer>();
const gzipAsync = promisify(gzip);

/**
 * server.ts's direct path for feeds: Content-Length (which Next's route handlers drop) and a gzip body
 * compressed once per feed version instead of on every poll. Returns false for other URLs.
 */
export async function serveFeedDirectly(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const method = request.method ?? "GET";
  const match = FEED_PATH.exec(request.url ?? "");
  if (!match || (method !== "GET" && method !== "HEAD")) return false;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  const header = (name: string) => nodeHeader(request, name);
  const answer = await getFeed({ method, url: new URL(request.url!, "http://localhost"), header }, slug);
  const headers: Record<string, string> = { ...answer.headers, Vary: "Accept-Encoding" };
  let body: Buffer | null = answer.body === null ? null : Buffer.from(answer.body);
  const isGzip = answer.etag !== null && (answer.status === 200 || answer.status === 304) && /\bgzip\b/.test(header("accept-encoding") ?? "");
  if (isGzip) {
    // A strong tag names one representation (RFC 9110 §8.8.3); If-None-Match accepts either form.
    headers.ETag = answer.etag!.replace(/"$/, '-gz"');
    if (body) {
      body = await compressed(answer.etag!, body);
      headers["Content-Encoding"] = "gzip";
    }
  }
  if (body) headers["Content-Length"] = String(body.length);
  response.writeHead(answer.status, headers);
  response.end(method === "HEAD" ? undefined : (body ?? undefined));
  return true;
}

async function compressed(etag: string, body: Buffer): Promise<Buffer> {
  let cached = gzipped.get(etag);
  if (!cached) {
    cached = await gzipAsync(body);
    gzipped.set(etag, cached);
    if (gzipped.size > GZIP_CACHE_ENTRIES) gzipped.delete(gzipped.keys().next().value!);
  }
  return cached;
}
