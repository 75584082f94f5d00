import type { KnownCustomData } from "@/lib/connections/custom-data";
import { planScheduledRelease } from "./plan-scheduled-release";

export type InitialEpisodeState = { state: "published" | "draft"; scheduledAt: Date | null };

/**
 * The publishing policy for an episode's first version (its first import, an upload published as it is): the
 * connection's `custom_data` publishes it now, keeps it a draft, or schedules it (planScheduledRelease, in the
 * creator's `timeZone`); a moved-in show not yet verified publishes nothing (lib/shows/require-verified-show.ts), so
 * its episodes are drafts without a schedule.
 */
export function planInitialEpisodeState(custom: KnownCustomData, show: { isVerified: boolean }, timeZone: string, now = new Date()): InitialEpisodeState {
  if (!show.isVerified) return { state: "draft", scheduledAt: null };
  return { state: custom.publishState === "publish" ? "published" : "draft", scheduledAt: planScheduledRelease(custom, now, timeZone) };
}
