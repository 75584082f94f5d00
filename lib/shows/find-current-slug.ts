import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";

/** The current address of the show that once had `oldSlug`, or null (no such show, or it is the current one). */
export async function findCurrentSlug(oldSlug: string): Promise<string | null> {
  const [row] = await db.$queryRaw<{ slug: string }[]>`
    SELECT s.slug FROM "ShowSlug" h JOIN "Show" s ON s.id = h."showId" WHERE h.slug = ${oldSlug} AND s.slug <> ${oldSlug} AND s."isVerified"`;
  return row?.slug ?? null;
}

const PUBLIC_SHOW_PATH = /^\/podcasts\/([^/?]+)(\/[^?]*)?(\?.*)?$/;

/**
 * server.ts's answer for a show's old address: 301 to the same page under the current one. The feed does the same
 * in its own path (lib/feed/respond-with-feed.ts), so that a feed poll costs no extra query. False otherwise.
 */
export async function redirectOldShowAddress(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const method = request.method ?? "GET";
  const match = PUBLIC_SHOW_PATH.exec(request.url ?? "");
  if (!match || (method !== "GET" && method !== "HEAD") || match[2] === "/feed.xml") return false;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  const current = await findCurrentSlug(slug);
  if (!current) return false;
  const location = `${env.appUrl}/podcasts/${encodeURIComponent(current)}${match[2] ?? ""}${match[3] ?? ""}`;
  response.writeHead(301, { Location: location, "Cache-Control": "public, max-age=3600" });
  response.end();
  return true;
}
