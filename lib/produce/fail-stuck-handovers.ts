import "server-only";
import { db } from "@/lib/db";
import { defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { failStuckHandover } from "./fail-stuck-handover";
import { HANDOVER_STAGE } from "./handover-stage";

// A hand-over whose job ended without an outcome was found only when someone opened the production's status page;
// this finds it for the creator who never does, so the production is shown failed on the Auphonic page and its
// upload is released to the hourly removal (lib/uploads/remove-expired-uploads.ts keeps those still "uploading").
const KIND = "fail-stuck-handovers";
const EVERY_MS = 15 * 60_000;
const BATCH = 500;

/** Marks failed every production "uploading" without a live hand-over job (failStuckHandover); returns how many. */
export async function failStuckHandovers(): Promise<number> {
  let failed = 0;
  let after: { userId: string; uuid: string } | null = null;
  // Keyset pages: a live hand-over stays "uploading", and must not hold the next page back.
  for (;;) {
    const page: { userId: string; uuid: string }[] = await db.knownProduction.findMany({
      where: { stage: HANDOVER_STAGE.uploading, ...(after ? { OR: [{ userId: { gt: after.userId } }, { userId: after.userId, uuid: { gt: after.uuid } }] } : {}) },
      select: { userId: true, uuid: true },
      orderBy: [{ userId: "asc" }, { uuid: "asc" }],
      take: BATCH,
    });
    for (const production of page) if (await failStuckHandover(production.userId, production.uuid)) failed++;
    if (page.length < BATCH) return failed;
    after = page.at(-1)!;
  }
}

/** Keeps one pending run, EVERY_MS after `now`; workers call it at start, each run schedules the next. */
export async function scheduleStuckHandoverCheck(now = new Date()) {
  await scheduleJob(KIND, {}, new Date(now.getTime() + EVERY_MS), { key: "every-15-minutes" });
}

defineScheduledJob(KIND, async () => {
  try {
    const failed = await failStuckHandovers();
    if (failed > 0) console.log(`Hand-overs: ${failed} productions whose hand-over had stopped marked failed.`);
  } finally {
    await scheduleStuckHandoverCheck();
  }
});
