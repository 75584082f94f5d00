import "server-only";
import { getShowAnalytics } from "@/lib/analytics/get-show-analytics";

export const RECENT_DOWNLOAD_DAYS = 7;

export type RecentDownloads = { total: number; shows: { id: string; title: string; downloads: number }[] };

/**
 * Downloads of the last RECENT_DOWNLOAD_DAYS days (today included, UTC days as the roll-up counts them) per show
 * and in all, from the shows' analytics (lib/analytics/get-show-analytics.ts), so the dashboard and the analytics
 * page count alike.
 */
export async function countRecentDownloads(userId: string, shows: { id: string; title: string }[], today = new Date()): Promise<RecentDownloads> {
  const counted = await Promise.all(
    shows.map(async (show) => {
      const { days } = await getShowAnalytics(userId, show.id, today);
      const downloads = days.slice(-RECENT_DOWNLOAD_DAYS).reduce((sum, day) => sum + day.downloads, 0);
      return { id: show.id, title: show.title, downloads };
    }),
  );
  return { total: counted.reduce((sum, show) => sum + show.downloads, 0), shows: counted };
}
