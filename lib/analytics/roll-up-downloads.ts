import "server-only";
import { withTransaction } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { classifyUserAgent } from "./classify-user-agent";

// Raw download events become downloads (docs/analytics.md): one per client (hashed address + user agent) and
// episode per UTC day, when that day's requests cover about a minute of the file's audio or all of it, from a
// client that is not a bot. Counting is idempotent (a download's key is unique), so a run reads again a little
// before where the last one ended, and running twice changes nothing.
export const RAW_EVENT_RETENTION_DAYS = 30;
/** Events written this long before the last run's end are read again (a transaction still open then). */
const OVERLAP_MS = 10 * 60_000;
const KIND = "roll-up-downloads";

export type RollUpResult = { events: number; downloads: number; deletedEvents: number };

/** Counts the downloads in the events written since the last run; deletes raw events and salts past their time. */
export async function rollUpDownloads(now = new Date()): Promise<RollUpResult> {
  return withTransaction(async (tx) => {
    // One run at a time, whichever process starts it.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('podhaven:roll-up-downloads'))`);
    const [state] = await tx.query<{ coveredUntil: Date }>(`SELECT ("coveredUntil" AT TIME ZONE 'UTC') AS "coveredUntil" FROM "AnalyticsRollup" WHERE id = 1`);
    const from = new Date(state ? state.coveredUntil.getTime() - OVERLAP_MS : 0).toISOString();
    // The database's clock, which wrote recordedAt: a worker whose clock runs ahead must not skip events.
    const [clock] = await tx.query<{ now: Date }>(`SELECT now() AS now`);
    const until = clock!.now.toISOString();
    const agents = await tx.query<{ userAgent: string; events: string }>(
      `SELECT "userAgent", count(*)::text AS events FROM "DownloadEvent"
       WHERE "recordedAt" >= ($1::timestamptz AT TIME ZONE 'UTC') AND "recordedAt" < ($2::timestamptz AT TIME ZONE 'UTC')
       GROUP BY "userAgent"`,
      [from, until],
    );
    const listeners = agents.map(({ userAgent }) => ({ userAgent, ...classifyUserAgent(userAgent) })).filter((agent) => !agent.isBot);
    // The groups that new events touched, each judged on all of its day's events for each file (minBytes tells
    // an episode's files apart). Repeated requests for the same bytes count once: what a group covers is at most
    // the span from its lowest to its highest byte.
    const inserted = await tx.query(
      `WITH agents AS (SELECT * FROM unnest($3::text[], $4::text[]) AS a(ua, app)),
       touched AS (
         SELECT DISTINCT "episodeId", "clientHash", "userAgent", (at::date) AS day FROM "DownloadEvent"
         WHERE "recordedAt" >= ($1::timestamptz AT TIME ZONE 'UTC') AND "recordedAt" < ($2::timestamptz AT TIME ZONE 'UTC')
       ),
       counted AS (
         SELECT t."episodeId", min(e."showId") AS "showId", t.day, t."clientHash", t."userAgent", a.app, min(e.at) AS at
         FROM touched t
         JOIN agents a ON a.ua = t."userAgent"
         JOIN "DownloadEvent" e ON e."episodeId" = t."episodeId" AND e."clientHash" = t."clientHash" AND e."userAgent" = t."userAgent"
           AND e.at >= t.day AND e.at < t.day + 1
         WHERE EXISTS (SELECT 1 FROM "Episode" ep WHERE ep.id = t."episodeId")
         GROUP BY t."episodeId", t.day, t."clientHash", t."userAgent", a.app, e."minBytes"
         HAVING LEAST(sum(e.bytes), max(e."rangeEnd") - min(e."rangeStart") + 1) >= e."minBytes"
       )
       INSERT INTO "Download" ("episodeId", "showId", day, "clientHash", "userAgent", app, at)
       SELECT DISTINCT ON ("episodeId", day, "clientHash", "userAgent") "episodeId", "showId", day, "clientHash", "userAgent", app, at
       FROM counted ORDER BY "episodeId", day, "clientHash", "userAgent", at
       ON CONFLICT ("episodeId", day, "clientHash", "userAgent") DO NOTHING
       RETURNING 1`,
      [from, until, listeners.map((agent) => agent.userAgent), listeners.map((agent) => agent.app)],
    );
    const retention = new Date(now.getTime() - RAW_EVENT_RETENTION_DAYS * 86_400_000).toISOString();
    const deleted = await tx.query(`DELETE FROM "DownloadEvent" WHERE "recordedAt" < ($1::timestamptz AT TIME ZONE 'UTC') RETURNING 1`, [retention]);
    // Yesterday's salt stays for events still in memory somewhere; older ones go, and with them any way back
    // from a hash to an address.
    await tx.query(`DELETE FROM "AnalyticsSalt" WHERE day < $1::date`, [new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10)]);
    await tx.query(
      `INSERT INTO "AnalyticsRollup" (id, "coveredUntil") VALUES (1, $1::timestamptz AT TIME ZONE 'UTC')
       ON CONFLICT (id) DO UPDATE SET "coveredUntil" = GREATEST("AnalyticsRollup"."coveredUntil", EXCLUDED."coveredUntil")`,
      [until],
    );
    return { events: agents.reduce((sum, agent) => sum + Number(agent.events), 0), downloads: inserted.length, deletedEvents: deleted.length };
  });
}

/** Keeps one pending run, ANALYTICS_ROLLUP_MS from now; workers call it at start, each run schedules the next. */
export async function scheduleDownloadRollUp(now = new Date()) {
  await scheduleJob(KIND, {}, new Date(now.getTime() + env.analyticsRollupMs), { key: "periodic" });
}

defineScheduledJob(KIND, async () => {
  try {
    const result = await rollUpDownloads();
    if (result.downloads > 0) console.log(`Download analytics: ${result.downloads} downloads counted from ${result.events} new events.`);
  } finally {
    await scheduleDownloadRollUp();
  }
});
