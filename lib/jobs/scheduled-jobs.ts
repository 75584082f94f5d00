import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { getJobEngine, QUEUES } from "./job-engine";

// Work due at a time (a scheduled release, a move-in's copies, a nightly roll-up): `kind` names the handler, and
// each kind goes to one of the queues of the job engine, which workers run side by side with their own
// concurrency (lib/jobs/import-worker.ts), so a slow move-in never holds back a release or the housekeeping. Jobs
// live in Postgres until done, so a restart in between neither loses nor runs them early; a `key` keeps one pending
// job per key (scheduling again replaces nothing and adds nothing: the `short` policy). A handler that throws is
// retried with backoff.

type Handler = (data: Record<string, unknown>, signal: AbortSignal) => Promise<void>;
const handlers = new Map<string, Handler>();
type ScheduledJobData = { kind: string; data: Record<string, unknown> };

/** The queues of scheduled work. `housekeeping` is the queue every kind shared before: jobs queued there then still run. */
export const SCHEDULED_QUEUES = { releases: QUEUES.releases, moveIn: QUEUES.moveIn, housekeeping: QUEUES.housekeeping, reconcile: QUEUES.reconcile } as const;
export type ScheduledQueue = keyof typeof SCHEDULED_QUEUES;
const queueNames = Object.values(SCHEDULED_QUEUES);

/**
 * Registers what runs a kind of scheduled job; the module that defines the kind calls this at load. `signal` is
 * aborted when the worker stops and its grace is over: a long copy gives up, and its job is retried.
 */
export function defineScheduledJob(kind: string, handler: Handler) {
  handlers.set(kind, handler);
}

/**
 * Schedules `kind` to run at `runAt` (or as soon as a worker is free, if that is past). False when `key` is taken.
 * `expireInSeconds`: how long a run may take before the engine hands it out again (a kind with its own deadline).
 */
export async function scheduleJob(
  kind: string,
  data: Record<string, unknown>,
  runAt: Date,
  { key, queue = "housekeeping", expireInSeconds }: { key?: string; queue?: ScheduledQueue; expireInSeconds?: number } = {},
): Promise<boolean> {
  const boss = await getJobEngine(env.databaseUrl!);
  const id = await boss.send(SCHEDULED_QUEUES[queue], { kind, data } satisfies ScheduledJobData, {
    startAfter: runAt,
    // The `short` policy keeps one pending job per key, and keyless jobs would share one: each gets its own.
    singletonKey: `${kind}:${key ?? randomUUID()}`,
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    // A move-in's copy may fetch several files, each up to FETCH_DEADLINE_MS: it must not expire (and be given out
    // again) while it still runs within its limits. Others keep pg-boss's 15 minutes.
    ...(queue === "moveIn" ? { expireInSeconds: Math.min(23 * 3600, Math.max(15 * 60, Math.ceil((4 * env.fetchDeadlineMs) / 1000))) } : {}),
    ...(expireInSeconds === undefined ? {} : { expireInSeconds }),
  });
  return id !== null;
}

/**
 * Cancels the pending jobs of `kind` whose key starts with `keyPrefix`, except the one keyed `exceptKey`: what
 * moving a release to another time (a new key) leaves behind. `dueAfter`: only those due later than that (a job
 * asked for sooner replaces them). Returns how many were cancelled.
 */
export async function cancelScheduledJobs(
  kind: string,
  keyPrefix: string,
  { exceptKey, dueAfter }: { exceptKey?: string; dueAfter?: Date } = {},
): Promise<number> {
  const boss = await getJobEngine(env.databaseUrl!);
  const escaped = `${kind}:${keyPrefix}`.replace(/[\\%_]/g, (character) => `\\${character}`);
  const rows = await sql.query<{ id: string; name: string }>(
    `SELECT id::text AS id, name FROM pgboss.job
     WHERE name = ANY($1::text[]) AND state IN ('created', 'retry') AND singleton_key LIKE $2 AND singleton_key IS DISTINCT FROM $3
       AND ($4::timestamptz IS NULL OR start_after > $4::timestamptz)`,
    [queueNames, `${escaped}%`, exceptKey === undefined ? null : `${kind}:${exceptKey}`, dueAfter?.toISOString() ?? null],
  );
  for (const name of new Set(rows.map((row) => row.name))) {
    await boss.cancel(
      name,
      rows.filter((row) => row.name === name).map((row) => row.id),
    );
  }
  return rows.length;
}

/**
 * Runs scheduled jobs that are due and have a handler, from one queue or (tests, scripts) from all of them; returns
 * how many ran.
 */
export async function runDueScheduledJobs({
  max = Number.POSITIVE_INFINITY,
  queue,
  signal = new AbortController().signal,
}: { max?: number; queue?: ScheduledQueue; signal?: AbortSignal } = {}): Promise<number> {
  const boss = await getJobEngine(env.databaseUrl!);
  const names = queue ? [SCHEDULED_QUEUES[queue]] : queueNames;
  let ran = 0;
  for (const name of names) {
    while (ran < max) {
      const [job] = await boss.fetch<ScheduledJobData>(name);
      if (!job) break;
      const handler = handlers.get(job.data.kind);
      try {
        if (!handler) throw new Error(`No handler for scheduled job kind "${job.data.kind}".`);
        await handler(job.data.data, signal);
        await boss.complete(name, job.id);
      } catch (error) {
        await boss.fail(name, job.id, { reason: error instanceof Error ? error.message : String(error) });
      }
      ran++;
    }
  }
  return ran;
}
