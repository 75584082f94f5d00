import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Records `podcastGuid` as the show's, for good (ShowGuid). Refused (false) when another show holds it, when another
 * user's show once held it, or when it was a deleted account's (a tombstone, userId null): a guid names one show,
 * and only its owner may take it up again after deleting that show.
 */
export async function claimPodcastGuid(tx: Prisma.TransactionClient, userId: string, showId: string, podcastGuid: string): Promise<boolean> {
  const claimed = await tx.$queryRaw<unknown[]>`
    INSERT INTO "ShowGuid" ("podcastGuid", "userId", "showId") VALUES (${podcastGuid}, ${userId}, ${showId})
    ON CONFLICT ("podcastGuid") DO UPDATE SET "showId" = EXCLUDED."showId"
      WHERE "ShowGuid"."userId" = EXCLUDED."userId" AND ("ShowGuid"."showId" IS NULL OR "ShowGuid"."showId" = EXCLUDED."showId")
    RETURNING "podcastGuid"`;
  return claimed.length === 1;
}
