import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import parseRange from "range-parser";

type Options = { contentType: string; cacheControl: string; cors?: boolean };

/**
 * Serves one stored file the way podcast apps expect: GET and HEAD, a single byte range (206 with
 * Content-Range, 416 when unsatisfiable), a strong ETag, streamed from disk, never read whole.
 */
export async function serveMediaFile(request: Request, file: string, options: Options): Promise<Response> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return Response.json({ error: "NOT_FOUND", message: "No such file." }, { status: 404 });

  const etag = `"${createHash("sha1").update(`${file}:${info.size}:${info.mtimeMs}`).digest("base64url")}"`;
  const headers = new Headers({
    "Content-Type": options.contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": info.mtime.toUTCString(),
    "Cache-Control": options.cacheControl,
    // Stored files come from creators' productions (HTML transcripts among them): never run them on our origin.
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
  });
  if (options.cors) headers.set("Access-Control-Allow-Origin", "*");
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });

  let start = 0;
  let end = info.size - 1;
  let status = 200;
  const rangeHeader = request.headers.get("range");
  const ifRange = request.headers.get("if-range");
  if (rangeHeader && (!ifRange || ifRange === etag)) {
    const ranges = parseRange(info.size, rangeHeader, { combine: true });
    if (ranges === -1) {
      headers.set("Content-Range", `bytes */${info.size}`);
      return new Response(null, { status: 416, headers });
    }
    // Malformed (-2) or multiple ranges: answer with the whole file, as RFC 9110 allows.
    if (ranges !== -2 && ranges.length === 1 && ranges[0]) {
      ({ start, end } = ranges[0]);
      status = 206;
      headers.set("Content-Range", `bytes ${start}-${end}/${info.size}`);
    }
  }
  headers.set("Content-Length", String(info.size === 0 ? 0 : end - start + 1));
  if (request.method === "HEAD" || info.size === 0) return new Response(null, { status, headers });
  const body = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream;
  return new Response(body, { status, headers });
}
