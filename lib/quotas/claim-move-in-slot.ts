import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { sqlOfPrisma } from "@/lib/database/sql";
import { AppError } from "@/lib/errors";

/**
 * One running move-in per creator: in the transaction that sets a move-in running, refuses (QUOTA_EXCEEDED) while
 * another of the creator's move-ins runs. A per-creator transaction lock makes two starts (any processes) take turns.
 */
export async function claimMoveInSlot(tx: Prisma.TransactionClient, userId: string, moveInId: string): Promise<void> {
  await sqlOfPrisma(tx).query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended($1, 0))`, [`move-in-slot:${userId}`]);
  const running = await tx.moveIn.findFirst({ where: { userId, state: "importing", id: { not: moveInId } }, select: { show: { select: { title: true } } } });
  if (running) {
    const name = running.show ? `“${running.show.title}”` : "another show";
    throw new AppError("QUOTA_EXCEEDED", `Your move-in of ${name} is still running, and one move-in runs at a time. Start this one when it has finished.`);
  }
}

