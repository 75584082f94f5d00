import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import parseRange from "range-parser";
import { recordDownloadEvent } from "@/lib/analytics/record-download-event";
import { env } from "@/lib/env.js";
import { nodeHeader } from "@/lib/http/node-header";
import { getStorage, storageIfReady } from "@/lib/storage/media-storage";
import { isActiveContentKey } from "./content-type";
import { fileHead, HEAD_BYTES, resolvePublicMedia } from "./media-index";
import { IMMUTABLE, planMediaResponse } from "./plan-media-response";

// Ranges up to this size are read into one buffer through an open file; larger ones are copied a megabyte at a
// time through two reused buffers (lib/storage/local-adapter.ts).
const BUFFERED_RANGE_BYTES = 1024 * 1024;

/**
 * server.ts's direct path for public media (show covers, files of published episodes, retired files in their
 * grace period), answered from memory (lib/media/media-index.ts): with a public base URL (a CDN or the bucket),
 * a 302 there; otherwise the bytes, with Content-Length (which Next's route handlers drop) and ranges. Returns
 * false for anything else, which Next's /media route then answers (drafts for their owner, the audio alias, 404s).
 */
export async function servePublicMedia(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const method = request.method ?? "GET";
  if ((method !== "GET" && method !== "HEAD") || !request.url?.startsWith("/media/")) return false;
  const query = request.url.indexOf("?");
  const pathname = request.url.slice("/media/".length, query === -1 ? undefined : query);
  let key = pathname;
  if (pathname.includes("%")) {
    try {
      key = pathname.split("/").map(decodeURIComponent).join("/");
    } catch {
      return false;
    }
  }
  const media = await resolvePublicMedia(key);
  if (!media) return false;
  const storage = storageIfReady() ?? (await getStorage());
  const publicUrl = isActiveContentKey(key) ? null : storage.publicUrl(key);
  if (publicUrl) {
    // Every download passes here first: the place to count it (the CDN serves the bytes, the range it was asked).
    if (method === "GET" && media.download && env.isRecordingDownloads && media.size > 0) {
      recordDownloadEvent(request, media.download, requestedRange(request.headers.range, media.size), true);
    }
    response.writeHead(302, { Location: publicUrl, "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*", "Content-Length": "0" });
    response.end();
    return true;
  }
  const plan = planMediaResponse(method, (name) => nodeHeader(request, name), media, { contentType: media.contentType, cacheControl: IMMUTABLE, cors: true });
  if (method === "HEAD" || !plan.range || plan.status === 304 || plan.status === 416) {
    response.writeHead(plan.status, plan.headers);
    response.end();
    return true;
  }
  if (media.download && env.isRecordingDownloads) recordDownloadEvent(request, media.download, plan.range, false);
  if (plan.range.end - plan.range.start < BUFFERED_RANGE_BYTES) {
    // Range probes (`bytes=0-1` before every download) come from the file's first bytes, kept in memory; other
    // small ranges are one read through an open file.
    const { start, end } = plan.range;
    const bytes = end < HEAD_BYTES ? (await fileHead(media, storage))?.subarray(start, end + 1) : await storage.readRange(key, plan.range);
    if (!bytes) return false; // gone from storage since it was looked up: Next's route answers 404
    response.writeHead(plan.status, plan.headers);
    response.end(bytes);
    return true;
  }
  response.writeHead(plan.status, plan.headers);
  // A listener that hangs up mid-file is normal for audio: the copy stops, nothing is logged.
  // Any failure after the headers went out (the client left, the file went) cuts the connection: never a short body.
  const isCopied = await storage.copyRange(key, plan.range, (chunk) => writeChunk(response, chunk)).catch(() => false);
  if (isCopied) response.end();
  else response.destroy();
  return true;
}

/** The bytes a redirected request asks of the CDN: its Range (first to last byte), else the whole file. */
function requestedRange(header: string | undefined, size: number): { start: number; end: number } {
  const ranges = header && /^bytes=/i.test(header) ? parseRange(size, header, { combine: true }) : -1;
  if (Array.isArray(ranges) && ranges.length > 0) return { start: ranges[0]!.start, end: ranges.at(-1)!.end };
  return { start: 0, end: size - 1 };
}

/** Resolves once the chunk is handed to the socket (so its buffer may be reused); rejects when the client left. */
function writeChunk(response: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (response.destroyed) return reject(new Error("The client left."));
    const onClose = () => reject(new Error("The client left."));
    response.once("close", onClose);
    response.write(chunk, (error) => {
      response.off("close", onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}
