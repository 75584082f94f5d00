// Scheduled jobs on the job engine: due at their time, kept across a restart of the engine, one per key.
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";

await createTestDatabase();
const { db } = await import("@/lib/db");
const { defineScheduledJob, runDueScheduledJobs, scheduleJob } = await import("./scheduled-jobs");
const { getJobEngine, stopJobEngine } = await import("./job-engine");

const ran: Record<string, unknown>[] = [];
defineScheduledJob("test-release", async (data) => {
  if (data.fail === true) throw new Error("the handler failed");
  ran.push(data);
});

afterAll(async () => {
  await stopJobEngine();
  await db.$disconnect();
});

describe("scheduled jobs", () => {
  it("run once when due, survive a restart of the engine, and one key holds one pending job", async () => {
    const runAt = new Date(Date.now() + 1_500);
    expect(await scheduleJob("test-release", { episode: "a" }, runAt, { key: "a" })).toBe(true);
    expect(await scheduleJob("test-release", { episode: "a", again: true }, runAt, { key: "a" })).toBe(false);
    expect(await scheduleJob("test-release", { episode: "b" }, new Date(Date.now() - 1_000))).toBe(true);

    expect(await runDueScheduledJobs()).toBe(1); // only b is due
    expect(ran).toEqual([{ episode: "b" }]);

    await stopJobEngine(); // a restart: the job is in Postgres, not in this process
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(await runDueScheduledJobs()).toBe(1);
    expect(ran).toEqual([{ episode: "b" }, { episode: "a" }]);
    expect(await runDueScheduledJobs()).toBe(0);
  });

  it("a failing handler leaves its job to be retried with its reason, not lost", async () => {
    expect(await scheduleJob("test-release", { fail: true }, new Date(Date.now() - 1_000), { key: "fails" })).toBe(true);
    expect(await runDueScheduledJobs()).toBe(1);
    const [job] = await db.$queryRaw<{ state: string; output: { reason: string } }[]>`
      SELECT state::text AS state, output FROM pgboss.job WHERE name = 'scheduled' AND singleton_key = 'test-release:fails'`;
    expect(job).toMatchObject({ state: "retry", output: { reason: "the handler failed" } });
  });

  it("each kind goes to its queue, runs from that queue alone, and a job left in the old shared queue still runs", async () => {
    const past = new Date(Date.now() - 1_000);
    expect(await scheduleJob("test-release", { episode: "r" }, past, { key: "r", queue: "releases" })).toBe(true);
    expect(await scheduleJob("test-release", { episode: "m" }, past, { key: "m", queue: "moveIn" })).toBe(true);
    const rows = await db.$queryRaw<{ name: string; key: string; expireSeconds: number }[]>`
      SELECT name, singleton_key AS key, extract(epoch FROM expire_in)::int AS "expireSeconds" FROM pgboss.job
      WHERE singleton_key IN ('test-release:r', 'test-release:m') ORDER BY singleton_key`;
    // A move-in copy may run for several files' deadlines before it counts as silent.
    expect(rows).toEqual([
      { name: "move-in-copy", key: "test-release:m", expireSeconds: 4 * 30 * 60 },
      { name: "scheduled-release", key: "test-release:r", expireSeconds: 15 * 60 },
    ]);
    ran.length = 0;
    expect(await runDueScheduledJobs({ queue: "housekeeping" })).toBe(0);
    expect(await runDueScheduledJobs({ queue: "releases" })).toBe(1);
    expect(ran).toEqual([{ episode: "r" }]);

    // As the version before the separate queues queued every kind: on the `scheduled` queue, which housekeeping drains.
    const boss = await getJobEngine(process.env.DATABASE_URL!);
    await boss.send("scheduled", { kind: "test-release", data: { episode: "old" } }, { singletonKey: "test-release:old" });
    expect(await runDueScheduledJobs({ queue: "housekeeping" })).toBe(1);
    expect(ran).toEqual([{ episode: "r" }, { episode: "old" }]);
    expect(await runDueScheduledJobs({ queue: "moveIn" })).toBe(1);
    expect(ran).toEqual([{ episode: "r" }, { episode: "old" }, { episode: "m" }]);
  });
});
