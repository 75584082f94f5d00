import "server-only";
import { sql } from "@/lib/database/sql";
import { defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";

// How long the delivery log keeps what (docs/operations.md): refusals a month (enough to see why Auphonic's
// calls failed), accepted deliveries a year (an episode's history). A daily job deletes the rest.
export const REFUSED_DELIVERY_DAYS = 30;
export const ACCEPTED_DELIVERY_DAYS = 365;
const KIND = "delivery-retention";

/** Deletes log rows past their time; returns how many went. */
export async function deleteOldDeliveries(): Promise<number> {
  const rows = await sql.query<{ count: string }>(
    `WITH gone AS (
       DELETE FROM "Delivery"
       WHERE "receivedAt" < now() - make_interval(days => CASE WHEN accepted THEN $1::int ELSE $2::int END)
       RETURNING 1
     ) SELECT count(*)::text AS count FROM gone`,
    [ACCEPTED_DELIVERY_DAYS, REFUSED_DELIVERY_DAYS],
  );
  return Number(rows[0]?.count ?? 0);
}

/** Keeps one pending run, tomorrow at 03:00 UTC; workers call it at start, each run schedules the next. */
export async function scheduleDeliveryRetention(now = new Date()) {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3));
  await scheduleJob(KIND, {}, next, { key: "daily" });
}

defineScheduledJob(KIND, async () => {
  const deleted = await deleteOldDeliveries();
  if (deleted > 0) console.log(`Delivery log: ${deleted} rows past their time deleted.`);
  await scheduleDeliveryRetention();
});
