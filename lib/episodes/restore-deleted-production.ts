import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requestImportOfProduction } from "@/lib/jobs/import-queue";

/** The tombstones of one of the user's connections: productions whose episodes were deleted, newest first. */
export async function listDeletedProductions(userId: string, connectionId: string) {
  return db.deletedProduction.findMany({ where: { connectionId, connection: { userId } }, orderBy: { deletedAt: "desc" }, take: 50 });
}

/** Imports a production whose episode the creator deleted, on purpose: the tombstone goes, a new episode comes. */
export async function restoreDeletedProduction(userId: string, deletedProductionId: string): Promise<{ episodeId: string }> {
  return db.$transaction(async (tx) => {
    const tombstone = await tx.deletedProduction.findFirst({
      where: { id: deletedProductionId, connection: { userId, deletedAt: null } },
      include: { connection: { select: { id: true, userId: true, showId: true, customData: true } } },
    });
    if (!tombstone) throw new AppError("NOT_FOUND", "This deleted episode does not exist.");
    await tx.deletedProduction.delete({ where: { id: tombstone.id } });
    const episodeId = await requestImportOfProduction(tx, {
      connectionId: tombstone.connection.id,
      userId: tombstone.connection.userId,
      showId: tombstone.connection.showId,
      productionUuid: tombstone.productionUuid,
      customData: tombstone.connection.customData,
    });
    return { episodeId };
  });
}
