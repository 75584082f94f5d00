// The JavaScript ceiling for `npm run bench:media` and `bench:feed`: a bare Node http server answering the same
// requests from memory (the file read once, the feed and its gzip prepared once), with the same range-parser and
// the same headers podcast apps need, and nothing else: no routing, no lookup, no framework.
// Environment: PORT, FILE (served at any path ending in .mp3), FEED (served at any other path; optional).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import parseRange from "range-parser";

const file = readFileSync(process.env.FILE!);
const feed = process.env.FEED ? readFileSync(process.env.FEED) : Buffer.alloc(0);
const feedGzip = gzipSync(feed);
const tag = (bytes: Buffer) => `"${createHash("sha1").update(bytes).digest("base64url")}"`;
const [fileTag, feedTag] = [tag(file), tag(feed)];

createServer((request, response) => {
  if (request.url?.endsWith(".mp3")) {
    const headers: Record<string, string | number> = { "Content-Type": "audio/mpeg", "Accept-Ranges": "bytes", ETag: fileTag };
    const ranges = request.headers.range ? parseRange(file.length, request.headers.range, { combine: true }) : -2;
    if (Array.isArray(ranges) && ranges.length === 1) {
      const { start, end } = ranges[0]!;
      response.writeHead(206, { ...headers, "Content-Range": `bytes ${start}-${end}/${file.length}`, "Content-Length": end - start + 1 });
      return response.end(file.subarray(start, end + 1));
    }
    response.writeHead(200, { ...headers, "Content-Length": file.length });
    return response.end(file);
  }
  const isGzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
  const headers = { "Content-Type": "application/rss+xml; charset=utf-8", ETag: feedTag, Vary: "Accept-Encoding" };
  if (request.headers["if-none-match"] === feedTag) return response.writeHead(304, headers).end();
  const body = isGzip ? feedGzip : feed;
  response.writeHead(200, { ...headers, ...(isGzip ? { "Content-Encoding": "gzip" } : {}), "Content-Length": body.length });
  response.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`bare static server on ${process.env.PORT}`));
