import "server-only";
import { sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { getShowForUserOrThrow } from "@/lib/shows/get-show-for-user";

/** How many days the per-day chart covers, ending today (UTC, the day downloads are counted in). */
export const CHART_DAYS = 30;

export type EpisodeDownloads = {
  id: string;
  guid: string;
  title: string;
  publishedAt: Date | null;
  /** In the first 7 and 30 days after the episode was published (IAB's usual windows), and all time. */
  downloads7d: number;
  downloads30d: number;
  downloadsTotal: number;
};

export type ShowAnalytics = {
  episodes: EpisodeDownloads[];
  days: { day: string; downloads: number }[];
  apps: { app: string; downloads: number }[];
  total: number;
  /** Where the roll-up has counted to (null before its first run), and how often it runs. */
  countedUntil: Date | null;
  minutesSinceCount: number | null;
  rollUpEveryMs: number;
  /** Requests for this show's audio recorded since then: downloads still to be counted (or not, if bots). */
  waitingRequests: number;
};

/** A show's downloads (lib/analytics/roll-up-downloads.ts counts them), for its owner only. */
export async function getShowAnalytics(userId: string, showId: string, today = new Date()): Promise<ShowAnalytics> {
  await getShowForUserOrThrow(userId, showId);
  const episodes = await sql.query<{ id: string; guid: string; title: string; publishedAt: Date | null; d7: string; d30: string; total: string }>(
    `SELECT e.id, e.guid, e.title, (e."publishedAt" AT TIME ZONE 'UTC') AS "publishedAt",
       count(d.id) FILTER (WHERE d.at < COALESCE(e."publishedAt", e."createdAt") + interval '7 days')::text AS d7,
       count(d.id) FILTER (WHERE d.at < COALESCE(e."publishedAt", e."createdAt") + interval '30 days')::text AS d30,
       count(d.id)::text AS total
     FROM "Episode" e LEFT JOIN "Download" d ON d."episodeId" = e.id
     WHERE e."showId" = $1 AND (e.state = 'published' OR d.id IS NOT NULL)
     GROUP BY e.id
     ORDER BY e."publishedAt" DESC NULLS LAST, e."createdAt" DESC`,
    [showId],
  );
  const last = today.toISOString().slice(0, 10);
  const days = await sql.query<{ day: string; downloads: string }>(
    `SELECT to_char(series.day, 'YYYY-MM-DD') AS day, count(d.id)::text AS downloads
     FROM generate_series($2::date - ($3::int - 1), $2::date, interval '1 day') AS series(day)
     LEFT JOIN "Download" d ON d."showId" = $1 AND d.day = series.day::date
     GROUP BY series.day ORDER BY series.day`,
    [showId, last, CHART_DAYS],
  );
  const apps = await sql.query<{ app: string; downloads: string }>(
    `SELECT app, count(*)::text AS downloads FROM "Download" WHERE "showId" = $1 GROUP BY app ORDER BY count(*) DESC, app LIMIT 10`,
    [showId],
  );
  const [rollUp] = await sql.query<{ coveredUntil: Date }>(`SELECT ("coveredUntil" AT TIME ZONE 'UTC') AS "coveredUntil" FROM "AnalyticsRollup" WHERE id = 1`);
  const [waiting] = await sql.query<{ requests: string }>(
    `SELECT coalesce(sum(requests), 0)::text AS requests FROM "DownloadEvent"
     WHERE "showId" = $1 AND "recordedAt" >= ($2::timestamptz AT TIME ZONE 'UTC')`,
    [showId, (rollUp?.coveredUntil ?? new Date(0)).toISOString()],
  );
  const mapped = episodes.map((row) => ({
    id: row.id,
    guid: row.guid,
    title: row.title,
    publishedAt: row.publishedAt,
    downloads7d: Number(row.d7),
    downloads30d: Number(row.d30),
    downloadsTotal: Number(row.total),
  }));
  return {
    episodes: mapped,
    days: days.map((row) => ({ day: row.day, downloads: Number(row.downloads) })),
    apps: apps.map((row) => ({ app: row.app, downloads: Number(row.downloads) })),
    total: mapped.reduce((sum, episode) => sum + episode.downloadsTotal, 0),
    countedUntil: rollUp?.coveredUntil ?? null,
    minutesSinceCount: rollUp ? Math.max(0, Math.floor((Date.now() - rollUp.coveredUntil.getTime()) / 60_000)) : null,
    rollUpEveryMs: env.analyticsRollupMs,
    waitingRequests: Number(waiting?.requests ?? 0),
  };
}
