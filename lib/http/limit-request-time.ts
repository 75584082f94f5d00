import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";

// Audio uploads (POST /api/uploads) may take longer than the whole-request limit: a 500 MB episode on a slow uplink
// takes many minutes. They run under the ingestion core's deadline and minimum rate instead (FETCH_DEADLINE_MS,
// FETCH_MIN_BYTES_PER_SEC: lib/ingestion/create-fetch-guard.ts), so a trickling client is still cut off.
const UPLOAD_PATH = "/api/uploads";

/**
 * server.ts's whole-request limit (Node's `requestTimeout`, which cannot spare one path): a request with a body
 * that has not arrived within `ms` gets 408 and its connection closed. Requests without a body cost no timer.
 */
export function limitRequestTime(request: IncomingMessage, response: ServerResponse, ms: number): void {
  if (request.headers["content-length"] === undefined && request.headers["transfer-encoding"] === undefined) return;
  if (request.url === UPLOAD_PATH || request.url?.startsWith(`${UPLOAD_PATH}?`)) return;
  const timer = setTimeout(() => {
    if (request.complete) return;
    if (!response.headersSent) response.writeHead(408, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" }).end("The request took too long to arrive.");
    request.socket.destroy();
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  request.once("end", clear);
  response.once("close", clear);
}
