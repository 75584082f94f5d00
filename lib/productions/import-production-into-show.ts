import "server-only";
import { isAuphonicId } from "@/lib/auphonic/auphonic-id";
import { PRODUCTION_STATUS } from "@/lib/auphonic/production";
import { sqlOfPrisma } from "@/lib/database/sql";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requestImportOfProduction } from "@/lib/jobs/import-queue";

const IMPORTED_ON_PURPOSE_REASON = "Imported on purpose from the Auphonic page; import queued.";

// Our connection ids (cuids, or 32 letters and digits): short, without separators. Anything else, and a production
// id that is not Auphonic's (lib/auphonic/auphonic-id.ts), is refused before a query is made.
const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * "Import into…" on /auphonic: the creator brings one of their finished Auphonic productions into a show, through
 * one of its connections, whether or not the production lists that connection (it may predate it). Once per
 * creator: when any episode of theirs already has this production, nothing is created and that episode is named.
 */
export async function importProductionIntoShow(
  userId: string,
  productionUuid: string,
  connectionId: string,
): Promise<{ episodeId: string; alreadyThere: boolean }> {
  if (!isAuphonicId(productionUuid)) throw new AppError("BAD_REQUEST", "This is not an Auphonic production id.");
  if (!CONNECTION_ID.test(connectionId)) throw new AppError("BAD_REQUEST", "Choose one of your connections.", { connectionId: ["Choose one of your connections."] });

  return db.$transaction(async (tx) => {
    const connection = await tx.connection.findFirst({
      where: { id: connectionId, userId, deletedAt: null },
      select: { id: true, showId: true, customData: true },
    });
    if (!connection) {
      const message = "This connection does not exist or was deleted; choose another one.";
      throw new AppError("NOT_FOUND", message, { connectionId: [message] });
    }
    // The production's row, locked: two clicks (or two tabs) on the same production run one after the other, and
    // the second finds the first one's episode.
    const [known] = await sqlOfPrisma(tx).query<{ status: number | null; inReview: boolean }>(
      `SELECT status, "inReview" FROM "KnownProduction" WHERE "userId" = $1 AND uuid = $2 FOR UPDATE`,
      [userId, productionUuid],
    );
    if (!known) {
      throw new AppError("NOT_FOUND", "Podhaven does not know this production among yours. Press “Check Auphonic now” to load your recent productions.");
    }
    const existing = await tx.episode.findFirst({ where: { userId, productionUuid }, select: { id: true }, orderBy: { createdAt: "asc" } });
    if (existing) return { episodeId: existing.id, alreadyThere: true };
    if (known.status !== PRODUCTION_STATUS.DONE || known.inReview) {
      throw new AppError("BAD_REQUEST", "Only a finished production can be imported; this one is not finished in Auphonic (or waits for your review there).");
    }

    // Choosing it on purpose undoes an earlier deletion of its episode from this connection.
    await tx.deletedProduction.deleteMany({ where: { connectionId: connection.id, productionUuid } });
    const episodeId = await requestImportOfProduction(tx, {
      connectionId: connection.id,
      userId,
      showId: connection.showId,
      productionUuid,
      customData: connection.customData,
      productionChosenByCreator: true,
    });
    await tx.delivery.create({
      data: { connectionId: connection.id, httpStatus: 200, accepted: true, reason: IMPORTED_ON_PURPOSE_REASON, productionUuid, episodeId },
    });
    return { episodeId, alreadyThere: false };
  });
}
