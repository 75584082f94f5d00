import "server-only";
import { Readable } from "node:stream";
import { getStorage } from "@/lib/storage/media-storage";
import { planMediaResponse, type MediaFileStat, type MediaOptions } from "./plan-media-response";

/**
 * Serves one stored file from a Next.js route handler: GET and HEAD, byte ranges, ETag, streamed from storage.
 * Next drops Content-Length from route handler responses, so public files take server.ts's direct path.
 */
export async function serveMediaFile(request: Request, file: MediaFileStat & { key: string }, options: MediaOptions): Promise<Response> {
  const plan = planMediaResponse(request.method, (name) => request.headers.get(name), file, options);
  if (request.method === "HEAD" || !plan.range || plan.status === 304 || plan.status === 416) {
    return new Response(null, { status: plan.status, headers: plan.headers });
  }
  const stream = await (await getStorage()).open(file.key, plan.range);
  if (!stream) return Response.json({ error: "NOT_FOUND", message: "No such file." }, { status: 404 });
  return new Response(Readable.toWeb(stream) as ReadableStream, { status: plan.status, headers: plan.headers });
}
