import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHeader } from "@/lib/http/node-header";
import { receiveWebhook } from "./receive-webhook";

const WEBHOOK_PATH = /^\/api\/auphonic\/webhook\/([^/?]+)(?:\?|$)/;

/**
 * server.ts's direct path for Auphonic's webhook: the same handler as the Next route
 * (app/api/auphonic/webhook/[secret]/route.ts) without Next's routing per request, which cost more than the
 * delivery's own transaction (npm run bench:webhook). Returns false for other URLs and methods.
 */
export async function serveWebhookDirectly(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const match = WEBHOOK_PATH.exec(request.url ?? "");
  if (!match || request.method !== "POST") return false;
  let secret: string;
  try {
    secret = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  const reply = await receiveWebhook(secret, {
    contentType: nodeHeader(request, "content-type") ?? null,
    contentLength: nodeHeader(request, "content-length") ?? null,
    chunks: request,
    clientAddress: request.socket.remoteAddress ?? null,
  });
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
  return true;
}
