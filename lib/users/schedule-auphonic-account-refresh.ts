import "server-only";
import { db } from "@/lib/db";
import { defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { refreshAuphonicAccount } from "./refresh-auphonic-account";

const KIND = "auphonic-account-refresh";

/**
 * Queues a refresh of the creator's Auphonic account details (housekeeping queue, key = the user's id, so a pending
 * one is not doubled) and notes when it was asked for, so the dashboard can say it is checking. Never calls Auphonic
 * itself: pages call it after their answer has gone.
 */
export async function scheduleAuphonicAccountRefresh(userId: string, now = new Date()): Promise<boolean> {
  await db.user.updateMany({ where: { id: userId }, data: { auphonicAccountRequestedAt: now } });
  // One request of at most 15 s (request-auphonic.ts): the engine may hand out a run that outlived that twice over.
  return scheduleJob(KIND, { userId }, now, { key: userId, queue: "housekeeping", expireInSeconds: 60 });
}

defineScheduledJob(KIND, async (data, signal) => {
  const userId = typeof data.userId === "string" ? data.userId : null;
  if (!userId) return;
  await refreshAuphonicAccount(userId, { signal });
});
