// Tests only: the job engine's import jobs (pg-boss's own table), read for assertions and put into the states a
// test needs. The app reads and writes them only through lib/jobs/import-queue.ts.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type TestImportJob = {
  id: string;
  state: "created" | "retry" | "active" | "completed" | "failed" | "cancelled";
  retryCount: number;
  singletonKey: string;
  data: { connectionId: string; productionUuid: string; episodeId: string };
  output: { reason?: string; value?: { message?: string } } | null;
};

const QUEUE = "import-production";

/** Every import job, oldest first; `live` keeps those queued, retrying or running. */
export async function listImportJobs(db: PrismaClient, { live = false, key }: { live?: boolean; key?: { connectionId: string; productionUuid: string } } = {}) {
  const jobs = await db.$queryRaw<TestImportJob[]>`
    SELECT id::text AS id, state::text AS state, retry_count AS "retryCount", singleton_key AS "singletonKey", data, output
    FROM pgboss.job WHERE name = ${QUEUE} ORDER BY created_on, id`;
  return jobs.filter(
    (job) =>
      (!live || ["created", "retry", "active"].includes(job.state)) &&
      (!key || job.singletonKey === `${key.connectionId}:${key.productionUuid}`),
  );
}

/** Moves jobs into a state as if the engine had: `completed`/`failed` end them, `active` as if a worker held it. */
export async function setImportJobState(db: PrismaClient, id: string | null, state: TestImportJob["state"], retryCount = 0) {
  await db.$executeRaw`
    UPDATE pgboss.job SET state = ${state}::pgboss.job_state, retry_count = ${retryCount},
      started_on = CASE WHEN ${state} = 'created' THEN NULL ELSE now() END,
      completed_on = CASE WHEN ${state} IN ('completed', 'failed', 'cancelled') THEN now() ELSE NULL END
    WHERE name = ${QUEUE} AND (${id}::uuid IS NULL OR id = ${id}::uuid)`;
}

export async function deleteImportJobs(db: PrismaClient) {
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name LIKE 'import-production%'`;
}

/** Puts a job into the state a worker killed mid-run leaves once its lease is over: active, started long ago. */
export async function makeImportJobSilentSince(db: PrismaClient, id: string, seconds: number) {
  await db.$executeRaw`
    UPDATE pgboss.job SET state = 'active', started_on = now() - make_interval(secs => ${seconds}), expire_in = interval '1 second'
    WHERE name = ${QUEUE} AND id = ${id}::uuid`;
}

/** One round of the engine's maintenance (what worker processes run on a timer): expires silent runs. */
export async function runJobEngineMaintenance() {
  const { getJobEngine } = await import("@/lib/jobs/job-engine");
  await (await getJobEngine(process.env.DATABASE_URL!)).maintain();
}
