import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Import states of an episode whose import is waiting or running; lists refresh themselves while there are any. */
export const IMPORT_STATES_IN_PROGRESS = ["queued", "importing"];
export const RECENT_IMPORT_FAILURE_DAYS = 14;
const LIMIT = 10;

const select = {
  id: true,
  title: true,
  productionUuid: true,
  connectionId: true,
  importState: true,
  importError: true,
  importErrorKind: true,
  createdAt: true,
  updatedAt: true,
  show: { select: { id: true, title: true } },
} satisfies Prisma.EpisodeSelect;

/**
 * The user's imports in progress (oldest first, as the queue takes them) and failures of the last
 * RECENT_IMPORT_FAILURE_DAYS (newest first), of all their shows or of one; at most 10 of each, with the totals.
 */
export async function listImportStatusForUser(userId: string, { showId, now = new Date() }: { showId?: string; now?: Date } = {}) {
  const mine: Prisma.EpisodeWhereInput = { userId, ...(showId ? { showId } : {}) };
  const inProgressWhere: Prisma.EpisodeWhereInput = { ...mine, importState: { in: IMPORT_STATES_IN_PROGRESS } };
  const since = new Date(now.getTime() - RECENT_IMPORT_FAILURE_DAYS * 24 * 60 * 60 * 1000);
  const failedWhere: Prisma.EpisodeWhereInput = { ...mine, importState: "failed", updatedAt: { gte: since } };
  const [inProgress, inProgressCount, failed, failedCount] = await Promise.all([
    db.episode.findMany({ where: inProgressWhere, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: LIMIT, select }),
    db.episode.count({ where: inProgressWhere }),
    db.episode.findMany({ where: failedWhere, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], take: LIMIT, select }),
    db.episode.count({ where: failedWhere }),
  ]);
  const knownTitles = await findKnownTitles(userId, [...inProgress, ...failed]);
  const named = <Row extends { title: string; productionUuid: string | null }>(rows: Row[]) =>
    rows.map((row) => ({ ...row, knownTitle: row.productionUuid ? (knownTitles.get(row.productionUuid) ?? null) : null }));
  return { inProgress: named(inProgress), inProgressCount, failed: named(failed), failedCount };
}

// An episode gets its title when the import has read Auphonic's metadata; the reconciliation's record of the
// production (KnownProduction) often has it before that, so a waiting or failed import is named, not numbered.
async function findKnownTitles(userId: string, rows: { title: string; productionUuid: string | null }[]): Promise<Map<string, string>> {
  const uuids = rows.filter((row) => !row.title.trim() && row.productionUuid).map((row) => row.productionUuid!);
  if (uuids.length === 0) return new Map();
  const known = await db.knownProduction.findMany({ where: { userId, uuid: { in: uuids }, title: { not: "" } }, select: { uuid: true, title: true } });
  return new Map(known.map((production) => [production.uuid, production.title]));
}

export type ImportStatus = Awaited<ReturnType<typeof listImportStatusForUser>>;
