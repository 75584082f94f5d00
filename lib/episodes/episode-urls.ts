import "server-only";
import { env } from "@/lib/env.js";
import { episodeAudioAliasKey, mediaUrl } from "@/lib/storage/media-keys";

/** Public page of a published episode; stable from the moment the webhook is accepted. */
export function publicEpisodeUrl(showSlug: string, episodeId: string): string {
  return `${env.appUrl}/podcasts/${showSlug}/episodes/${episodeId}`;
}

/** The owner's page of an episode in the dashboard (works for drafts). */
export function dashboardEpisodeUrl(episodeId: string): string {
  return `${env.appUrl}/episodes/${episodeId}`;
}

/** Always the episode's current enclosure: redirects to the versioned, immutable file. */
export function episodeAudioAliasUrl(episodeId: string): string {
  return mediaUrl(episodeAudioAliasKey(episodeId));
}
