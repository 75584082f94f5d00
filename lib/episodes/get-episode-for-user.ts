import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getImportJobSummary } from "@/lib/jobs/import-queue";

/** One of the user's episodes with its files, show, connection and import job; others' ids are NOT_FOUND. */
export async function getEpisodeForUserOrThrow(userId: string, episodeId: string) {
  const episode = await db.episode.findFirst({
    where: { id: episodeId, userId },
    include: {
      files: { orderBy: { kind: "asc" } },
      show: { select: { id: true, title: true, slug: true, explicit: true } },
      connection: { select: { id: true, displayName: true } },
    },
  });
  if (!episode) throw new AppError("NOT_FOUND", "This episode does not exist.");
  const job = episode.connectionId && episode.productionUuid ? await getImportJobSummary(episode.connectionId, episode.productionUuid) : null;
  return { ...episode, job };
}
