import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { planMediaResponse, type MediaOptions } from "./plan-media-response";

/**
 * Serves one stored file from a Next.js route handler: GET and HEAD, byte ranges, ETag, streamed from disk.
 * Next drops Content-Length from route handler responses, so public files take server.ts's direct path.
 */
export async function serveMediaFile(request: Request, file: string, options: MediaOptions): Promise<Response> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return Response.json({ error: "NOT_FOUND", message: "No such file." }, { status: 404 });
  const plan = planMediaResponse(request.method, (name) => request.headers.get(name), { path: file, size: info.size, mtimeMs: info.mtimeMs, mtime: info.mtime }, options);
  if (request.method === "HEAD" || !plan.range || plan.status === 304 || plan.status === 416) {
    return new Response(null, { status: plan.status, headers: plan.headers });
  }
  const body = Readable.toWeb(createReadStream(file, plan.range)) as ReadableStream;
  return new Response(body, { status: plan.status, headers: plan.headers });
}
