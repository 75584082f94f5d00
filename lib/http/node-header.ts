import type { IncomingMessage } from "node:http";

/** A request header as one string (Node gives repeated headers as arrays), for server.ts's direct paths. */
export function nodeHeader(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
