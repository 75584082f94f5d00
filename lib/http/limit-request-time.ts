import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isUploadPath } from "./is-upload-path";

export type RequestTimeLimits = {
  /** Any request's body must have arrived within this. */
  requestMs: number;
  /**
   * Audio uploads (POST /api/uploads) may take longer: a 500 MB episode on a slow uplink takes many minutes. Their
   * copy runs under the ingestion core's deadline and minimum rate (FETCH_DEADLINE_MS, FETCH_MIN_BYTES_PER_SEC:
   * lib/ingestion/create-fetch-guard.ts); this limit (that deadline and a margin) also covers an upload the route
   * answers without reading, so no path is without one.
   */
  uploadMs: number;
};

/** Once the answer is sent, what is left of the body gets this long to arrive (read and dropped) before the connection is cut. */
export const AFTER_ANSWER_MS = 10_000;

/**
 * server.ts's whole-request limit (Node's `requestTimeout`, which cannot give one path more time): a request with a
 * body that has not arrived within its limit gets 408 and its connection closed. An answer sent before the body has
 * arrived (a refusal that reads nothing) leaves the rest at most AFTER_ANSWER_MS: Node would otherwise read and drop
 * it for as long as the client trickles. Requests without a body cost no timer.
 */
export function limitRequestTime(request: IncomingMessage, response: ServerResponse, limits: RequestTimeLimits): void {
  if (request.headers["content-length"] === undefined && request.headers["transfer-encoding"] === undefined) return;
  const cutOff = () => {
    if (request.complete) return;
    if (!response.headersSent) response.writeHead(408, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" }).end("The request took too long to arrive.");
    request.socket.destroy();
  };
  const ms = isUploadPath(request.url) ? limits.uploadMs : limits.requestMs;
  const deadline = Date.now() + ms;
  let timer = setTimeout(cutOff, ms);
  timer.unref();
  response.once("finish", () => {
    if (request.complete) return;
    clearTimeout(timer);
    timer = setTimeout(cutOff, Math.max(0, Math.min(AFTER_ANSWER_MS, deadline - Date.now())));
    timer.unref();
  });
  // Only a body that arrived (or a connection already gone) ends the limit; an answer does not.
  const { socket } = request;
  const stop = () => {
    clearTimeout(timer);
    socket.off("close", stop);
  };
  request.once("end", stop);
  socket.once("close", stop);
}
