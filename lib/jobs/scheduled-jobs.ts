import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { getJobEngine, QUEUES } from "./job-engine";

// Work due at a time (a scheduled release, a nightly roll-up): one queue of the job engine, `kind` naming the
// handler. Jobs live in Postgres until done, so a restart in between neither loses nor runs them early; a `key`
// keeps one pending job per key (scheduling again replaces nothing and adds nothing: the `short` policy).
// Workers run what is due (lib/jobs/import-worker.ts); a handler that throws is retried with backoff.

type Handler = (data: Record<string, unknown>) => Promise<void>;
const handlers = new Map<string, Handler>();
type ScheduledJobData = { kind: string; data: Record<string, unknown> };

/** Registers what runs a kind of scheduled job; the module that defines the kind calls this at load. */
export function defineScheduledJob(kind: string, handler: Handler) {
  handlers.set(kind, handler);
}

/** Schedules `kind` to run at `runAt` (or as soon as a worker is free, if that is past). False when `key` is taken. */
/** Bulk work (a move-in's copies) waits behind everything else that is due, releases included. */
export const BULK_PRIORITY = -10;

export async function scheduleJob(
  kind: string,
  data: Record<string, unknown>,
  runAt: Date,
  { key, priority = 0 }: { key?: string; priority?: number } = {},
): Promise<boolean> {
  const boss = await getJobEngine(env.databaseUrl!);
  const id = await boss.send(QUEUES.scheduled, { kind, data } satisfies ScheduledJobData, {
    startAfter: runAt,
    // Due jobs are fetched highest priority first, then oldest first.
    priority,
    // The `short` policy keeps one pending job per key, and keyless jobs would share one: each gets its own.
    singletonKey: `${kind}:${key ?? randomUUID()}`,
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
  });
  return id !== null;
}

/**
 * Cancels the pending jobs of `kind` whose key starts with `keyPrefix`, except the one keyed `exceptKey`: what
 * moving a release to another time (a new key) leaves behind. Returns how many were cancelled.
 */
export async function cancelScheduledJobs(kind: string, keyPrefix: string, { exceptKey }: { exceptKey?: string } = {}): Promise<number> {
  const boss = await getJobEngine(env.databaseUrl!);
  const escaped = `${kind}:${keyPrefix}`.replace(/[\\%_]/g, (character) => `\\${character}`);
  const rows = await sql.query<{ id: string }>(
    `SELECT id::text AS id FROM pgboss.job
     WHERE name = $1 AND state IN ('created', 'retry') AND singleton_key LIKE $2 AND singleton_key IS DISTINCT FROM $3`,
    [QUEUES.scheduled, `${escaped}%`, exceptKey === undefined ? null : `${kind}:${exceptKey}`],
  );
  if (rows.length === 0) return 0;
  await boss.cancel(
    QUEUES.scheduled,
    rows.map((row) => row.id),
  );
  return rows.length;
}

/** Runs every scheduled job that is due and has a handler; returns how many ran. */
export async function runDueScheduledJobs({ max = Number.POSITIVE_INFINITY }: { max?: number } = {}): Promise<number> {
  const boss = await getJobEngine(env.databaseUrl!);
  let ran = 0;
  while (ran < max) {
    const [job] = await boss.fetch<ScheduledJobData>(QUEUES.scheduled);
    if (!job) return ran;
    const handler = handlers.get(job.data.kind);
    try {
      if (!handler) throw new Error(`No handler for scheduled job kind "${job.data.kind}".`);
      await handler(job.data.data);
      await boss.complete(QUEUES.scheduled, job.id);
    } catch (error) {
      await boss.fail(QUEUES.scheduled, job.id, { reason: error instanceof Error ? error.message : String(error) });
    }
    ran++;
  }
  return ran;
}
