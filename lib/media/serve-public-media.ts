import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { nodeHeader } from "@/lib/http/node-header";
import { planMediaResponse } from "./plan-media-response";
import { resolvePublicMediaKey } from "./resolve-media-request";

/**
 * server.ts's direct path for public media (show covers, files of published episodes): Node's own
 * response, so HEAD and GET carry Content-Length (Next's route handlers drop it) and the file streams
 * without Web-stream conversion. Returns false for anything else, which Next's /media route then answers
 * (drafts for their owner, the audio alias, 404s).
 */
export async function servePublicMedia(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const method = request.method ?? "GET";
  if ((method !== "GET" && method !== "HEAD") || !request.url?.startsWith("/media/")) return false;
  const pathname = request.url.split("?")[0]!.slice("/media/".length);
  let key: string;
  try {
    key = pathname.split("/").map(decodeURIComponent).join("/");
  } catch {
    return false;
  }
  const target = await resolvePublicMediaKey(key);
  if (!target) return false;
  const info = await stat(target.path).catch(() => null);
  if (!info?.isFile()) return false;

  const plan = planMediaResponse(method, (name) => nodeHeader(request, name), { path: target.path, size: info.size, mtimeMs: info.mtimeMs, mtime: info.mtime }, target);
  response.writeHead(plan.status, plan.headers);
  if (method === "HEAD" || !plan.range || plan.status === 304 || plan.status === 416) {
    response.end();
    return true;
  }
  // A listener that hangs up mid-file is normal for audio: the stream is closed, nothing is logged.
  await pipeline(createReadStream(target.path, { ...plan.range, highWaterMark: 256 * 1024 }), response).catch(() => undefined);
  return true;
}
