import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";

type Target = { connectionId: string; userId: string; showId: string; productionUuid: string; customData: string };

/**
 * Queues the import of a production for a connection, exactly once per pair: the episode row (with its
 * permanent guid) and the job are created on the first delivery; later deliveries re-queue the same job,
 * or ask a running one to run again (a re-run of the production in Auphonic).
 */
export async function enqueueImport(tx: Prisma.TransactionClient, target: Target) {
  const { connectionId, userId, showId, productionUuid, customData } = target;
  const episode = await tx.episode.upsert({
    where: { connectionId_productionUuid: { connectionId, productionUuid } },
    create: { connectionId, userId, showId, productionUuid, customData, guid: randomUUID() },
    update: { customData },
    select: { id: true, state: true, importState: true },
  });
  const job = await tx.importJob.findUnique({ where: { connectionId_productionUuid: { connectionId, productionUuid } } });
  if (!job) {
    await tx.importJob.create({ data: { connectionId, productionUuid, episodeId: episode.id } });
  } else if (job.state === "running") {
    await tx.importJob.update({ where: { id: job.id }, data: { rerunRequested: true } });
  } else if (job.state !== "queued") {
    await tx.importJob.update({
      where: { id: job.id },
      data: { state: "queued", attempts: 0, runAfter: new Date(), lastError: null, rerunRequested: false },
    });
  }
  if (episode.importState !== "ready") {
    await tx.episode.update({ where: { id: episode.id }, data: { importState: "queued", importError: null } });
  }
  return episode;
}
