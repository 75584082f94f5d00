// The job engine: pg-boss 10 on the app's Postgres (its own `pgboss` schema). pg-boss 11+ and graphile-worker need
// Node 22; 10.x runs on Node 20. Queues are created by the migration step (lib/database/migrate-database.ts);
// web processes send jobs, worker processes fetch them and run the engine's maintenance (expiry of silent runs,
// retries, retention). Only lib/jobs/ imports this module.
import PgBoss from "pg-boss";

export const QUEUES = {
  /** One job per (connection, production) at a time; lib/jobs/import-queue.ts owns its states. */
  import: "import-production",
  /** Where pg-boss copies an import that failed for good, its reason included: the dead letters. */
  importFailed: "import-production-failed",
  // Work due at a time (lib/jobs/scheduled-jobs.ts), one pending job per key, in queues that workers run side by side.
  /** Scheduled releases of episodes. */
  releases: "scheduled-release",
  /** A move-in's copies from the old host, one job per episode. */
  moveIn: "move-in-copy",
  /** Media removal, the delivery log's retention, the download roll-up; named as it was when it was the only one. */
  housekeeping: "scheduled",
  /** Each creator's reconciliation with Auphonic (lib/reconcile/): many slow runs that must not hold back the housekeeping. */
  reconcile: "auphonic-reconcile",
  /** A production created from Podhaven: its staged upload sent to Auphonic, then started (lib/jobs/handover-queue.ts). */
  handover: "auphonic-handover",
} as const;

const SCHEDULED_QUEUES: string[] = [QUEUES.releases, QUEUES.moveIn, QUEUES.housekeeping, QUEUES.reconcile];

/** A pg-boss `db` option that runs the engine's statements inside a Prisma transaction. */
export type EngineDb = { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> };

type Role = { runsMaintenance: boolean; maintenanceIntervalSeconds?: number };

function createEngine(connectionString: string, role: Role) {
  const boss = new PgBoss({
    connectionString,
    max: 4,
    supervise: role.runsMaintenance,
    schedule: role.runsMaintenance,
    maintenanceIntervalSeconds: role.maintenanceIntervalSeconds ?? 120,
    // Ended jobs stay in pgboss.job for a week (the episode page shows the latest one; pg-boss's default
    // moves them to its archive after 12 hours), then a week in the archive, then go.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 7,
  });
  boss.on("error", (error: Error) => console.error("Job engine:", error.message));
  return boss;
}

/** Creates pg-boss's schema and the app's queues; safe to run from many processes at once. */
export async function createJobEngineSchema(connectionString: string) {
  const boss = createEngine(connectionString, { runsMaintenance: false });
  await boss.start();
  try {
    for (const name of [QUEUES.importFailed, QUEUES.import, ...SCHEDULED_QUEUES, QUEUES.handover]) {
      if (await boss.getQueue(name)) continue;
      const policy =
        name === QUEUES.import
          ? { policy: "stately" as const, deadLetter: QUEUES.importFailed }
          : SCHEDULED_QUEUES.includes(name) || name === QUEUES.handover
            ? { policy: "short" as const }
            : {};
      await boss.createQueue(name, { name, ...policy }).catch(async (error: unknown) => {
        if (!(await boss.getQueue(name))) throw error; // lost a race with another process: the queue is there
      });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

const globalForEngine = globalThis as unknown as { podhavenJobEngine?: Promise<PgBoss> };

/**
 * The process's engine, started on first use. The first caller's role decides whether this process runs the
 * engine's maintenance (workers do; `maintenanceIntervalSeconds` also bounds how late a silent run expires).
 */
export function getJobEngine(connectionString: string, role: Role = { runsMaintenance: false }): Promise<PgBoss> {
  globalForEngine.podhavenJobEngine ??= (async () => {
    const boss = createEngine(connectionString, role);
    await boss.start();
    return boss;
  })();
  return globalForEngine.podhavenJobEngine;
}

export async function stopJobEngine() {
  const engine = globalForEngine.podhavenJobEngine;
  globalForEngine.podhavenJobEngine = undefined;
  if (engine) await (await engine).stop({ graceful: false, wait: true });
}
