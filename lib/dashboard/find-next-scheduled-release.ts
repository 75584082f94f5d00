import "server-only";
import { db } from "@/lib/db";

/**
 * The creator's next scheduled release: the draft with the earliest release time still to come, or null. A time
 * already past whose job has not run yet still counts (the worker publishes it as soon as it can).
 */
export async function findNextScheduledRelease(userId: string) {
  return db.episode.findFirst({
    where: { userId, state: "draft", scheduledAt: { not: null }, importState: "ready" },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
    select: { id: true, title: true, productionUuid: true, scheduledAt: true, show: { select: { id: true, title: true } } },
  });
}
