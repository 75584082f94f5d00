import "server-only";
import { db } from "@/lib/db";
import { describeAuphonicAccountCache, type CachedAuphonicAccount } from "./describe-auphonic-account-cache";

/** The creator's Auphonic account as last read (never asks Auphonic), for the dashboard. */
export async function getCachedAuphonicAccount(userId: string, now = new Date()): Promise<CachedAuphonicAccount> {
  const row = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      username: true,
      auphonicCredits: true,
      auphonicAccountAsOf: true,
      auphonicAccountTriedAt: true,
      auphonicAccountRequestedAt: true,
      auphonicAccountError: true,
      auphonicAccountRefused: true,
    },
  });
  return describeAuphonicAccountCache(row, now);
}
