// The delivery log's retention: refusals a month, accepted deliveries a year, by a daily scheduled job.
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";

await createTestDatabase();
const { db } = await import("@/lib/db");
const { deleteOldDeliveries, scheduleDeliveryRetention } = await import("./delivery-retention");
const { stopJobEngine } = await import("@/lib/jobs/job-engine");

afterAll(async () => {
  await stopJobEngine();
  await db.$disconnect();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600_000);

describe("delivery log retention", () => {
  it("deletes refusals after 30 days and accepted deliveries after 365, nothing younger", async () => {
    const user = await db.user.create({ data: { auphonicUserId: "u", username: "u" } });
    const show = await db.show.create({ data: { userId: user.id, ...showInput("retention") } });
    const connection = await db.connection.create({ data: { userId: user.id, showId: show.id, displayName: "R", customData: "{}", webhookSecret: "s".repeat(43) } });
    const row = (accepted: boolean, days: number, reason: string) => ({ connectionId: connection.id, httpStatus: accepted ? 200 : 401, accepted, reason, receivedAt: daysAgo(days) });
    await db.delivery.createMany({
      data: [row(false, 31, "old refusal"), row(false, 29, "recent refusal"), row(true, 366, "old accepted"), row(true, 200, "kept accepted")],
    });
    expect(await deleteOldDeliveries()).toBe(2);
    expect((await db.delivery.findMany({ orderBy: { receivedAt: "asc" } })).map((delivery) => delivery.reason)).toEqual(["kept accepted", "recent refusal"]);
  });

  it("keeps one pending daily run however often workers schedule it", async () => {
    await scheduleDeliveryRetention();
    await scheduleDeliveryRetention();
    const jobs = await db.$queryRaw<{ state: string; startAfter: Date }[]>`
      SELECT state::text AS state, start_after AS "startAfter" FROM pgboss.job WHERE name = 'scheduled' AND singleton_key = 'delivery-retention:daily'`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe("created");
    expect(jobs[0]!.startAfter.getTime()).toBeGreaterThan(Date.now());
  });
});
