import "server-only";
import { env } from "@/lib/env.js";

export function feedUrl(showSlug: string, page = 1): string {
  return `${env.appUrl}/podcasts/${showSlug}/feed.xml${page > 1 ? `?page=${page}` : ""}`;
}

export function publicShowUrl(showSlug: string): string {
  return `${env.appUrl}/podcasts/${showSlug}`;
}

/** JSON chapters (Podcasting 2.0, version 1.2.0) of a published episode. */
export function chaptersUrl(showSlug: string, episodeId: string): string {
  return `${env.appUrl}/podcasts/${showSlug}/episodes/${episodeId}/chapters.json`;
}
