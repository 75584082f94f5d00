import parseRange from "range-parser";
import { matchesIfNoneMatch } from "@/lib/http/matches-if-none-match";

export const IMMUTABLE = "public, max-age=31536000, immutable";

export type MediaOptions = { contentType: string; cacheControl: string; cors?: boolean };
export type MediaFileStat = { size: number; etag: string; lastModified: Date };
export type MediaPlan = { status: 200 | 206 | 304 | 416; headers: Record<string, string>; range: { start: number; end: number } | null };

/**
 * What to answer for a stored file, the way podcast apps expect: a single byte range (206 with
 * Content-Range, 416 when unsatisfiable), a strong ETag and 304, Content-Length always. Shared by the
 * Next.js route handler and the direct media path of server.ts.
 */
export function planMediaResponse(method: string, header: (name: string) => string | null | undefined, file: MediaFileStat, options: MediaOptions): MediaPlan {
  const { etag } = file;
  const headers: Record<string, string> = {
    "Content-Type": options.contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": file.lastModified.toUTCString(),
    "Cache-Control": options.cacheControl,
    // Stored files come from creators' productions (HTML transcripts among them): never run them on our origin.
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
  };
  if (options.cors) headers["Access-Control-Allow-Origin"] = "*";
  const ifNoneMatch = header("if-none-match");
  if (ifNoneMatch && matchesIfNoneMatch(ifNoneMatch, etag)) return { status: 304, headers, range: null };

  const rangeHeader = header("range");
  const ifRange = header("if-range");
  // RFC 9110 §14.2: a Range in a unit other than bytes (case-insensitive) must be ignored, not served as bytes.
  if (rangeHeader && /^bytes=/i.test(rangeHeader) && (!ifRange || ifRange === etag) && (method === "GET" || method === "HEAD")) {
    const ranges = parseRange(file.size, wholeFileForLongSuffixes(rangeHeader, file.size), { combine: true });
    if (ranges === -1) {
      return { status: 416, headers: { ...headers, "Content-Range": `bytes */${file.size}`, "Content-Length": "0" }, range: null };
    }
    // Malformed (-2) or multiple ranges: answer with the whole file, as RFC 9110 allows.
    if (ranges !== -2 && ranges.length === 1 && ranges[0]) {
      const { start, end } = ranges[0];
      headers["Content-Range"] = `bytes ${start}-${end}/${file.size}`;
      headers["Content-Length"] = String(end - start + 1);
      return { status: 206, headers, range: { start, end } };
    }
  }
  headers["Content-Length"] = String(file.size);
  return { status: 200, headers, range: file.size === 0 ? null : { start: 0, end: file.size - 1 } };
}

/**
 * RFC 9110 §14.1.1: a suffix range longer than the file ("bytes=-5000" of 1000 bytes) means the whole file;
 * range-parser answers it as unsatisfiable (416), so such a suffix is rewritten as "0-".
 */
function wholeFileForLongSuffixes(rangeHeader: string, size: number): string {
  return rangeHeader.replace(/([=,]\s*)-\s*(\d+)(?=\s*(?:,|$))/g, (spec, before: string, digits: string) =>
    size > 0 && Number(digits) > size ? `${before}0-` : spec,
  );
}
