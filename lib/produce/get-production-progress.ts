import "server-only";
import { getProductionStatus } from "@/lib/auphonic/get-production-status";
import { PRODUCTION_STATUS } from "@/lib/auphonic/production";
import { isAuphonicId } from "@/lib/auphonic/auphonic-id";
import { getProductionOutcome } from "@/lib/auphonic/get-production-outcome";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";
import { failStuckHandover } from "./fail-stuck-handover";
import { HANDOVER_STAGE } from "./handover-stage";

/** How long one answer of Auphonic's serves every viewer of a production: one request per this, however many poll. */
export const STATUS_CACHE_MS = 3_000;

export type ProductionProgress = {
  uuid: string;
  title: string;
  show: { id: string; title: string } | null;
  connection: { id: string; displayName: string } | null;
  /** Podhaven's hand-over: uploading | started | failed, or null for a production made in Auphonic. */
  stage: string | null;
  stageError: string | null;
  status: number | null;
  statusString: string;
  errorMessage: string;
  inReview: boolean;
  episode: { id: string; showId: string } | null;
  /** Nothing more will change that polling could show: failed, an error, or done with its episode here. */
  isSettled: boolean;
  /** Why the status could not be asked for just now (Auphonic down); the last known one is shown. */
  refreshError: string | null;
};

const isFinished = (status: number | null) => status === PRODUCTION_STATUS.DONE || status === PRODUCTION_STATUS.ERROR;

/**
 * A production of this user's as far as Podhaven knows it, its Auphonic status refreshed when older than
 * STATUS_CACHE_MS (the row's seenAt is claimed first, so concurrent viewers share one request). NOT_FOUND for a
 * production Podhaven does not know for this user.
 */
export async function getProductionProgress(userId: string, uuid: string): Promise<ProductionProgress> {
  // Anything else (a NUL byte, a megabyte of text) is no production of Auphonic's, and never reaches the database.
  if (!isAuphonicId(uuid)) throw new AppError("NOT_FOUND", "Podhaven does not know this production.");
  let known = await findKnown(userId, uuid);
  let refreshError: string | null = null;
  if (known.stage === HANDOVER_STAGE.uploading) {
    // Its job may have ended without recording an outcome (the worker died on the last attempt): shown failed at
    // once, not only after the next housekeeping run. Read again either way: the hand-over may have moved it on.
    await failStuckHandover(userId, uuid);
    known = await findKnown(userId, uuid);
  }
  if (known.stage !== HANDOVER_STAGE.uploading && known.stage !== HANDOVER_STAGE.failed && !isFinished(known.status)) {
    const claimed = await db.knownProduction.updateMany({
      where: { userId, uuid, seenAt: { lt: new Date(Date.now() - STATUS_CACHE_MS) } },
      data: { seenAt: new Date() },
    });
    if (claimed.count > 0) {
      try {
        await refreshStatus(userId, uuid);
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) await markAuphonicTokenInvalid(userId);
        refreshError = error.message;
      }
      known = await findKnown(userId, uuid);
    }
  }
  const episode = await db.episode.findFirst({
    where: { userId, productionUuid: uuid, ...(known.connectionId ? { connectionId: known.connectionId } : {}) },
    select: { id: true, showId: true },
    orderBy: { createdAt: "asc" },
  });
  const [show, connection] = await Promise.all([
    known.showId ? db.show.findFirst({ where: { id: known.showId, userId }, select: { id: true, title: true } }) : null,
    known.connectionId ? db.connection.findFirst({ where: { id: known.connectionId, userId }, select: { id: true, displayName: true } }) : null,
  ]);
  return {
    uuid,
    title: known.title,
    show,
    connection,
    stage: known.stage,
    stageError: known.stageError,
    status: known.status,
    statusString: known.statusString,
    errorMessage: known.errorMessage,
    inReview: known.inReview,
    episode,
    isSettled: known.stage === HANDOVER_STAGE.failed || known.status === PRODUCTION_STATUS.ERROR || (known.status === PRODUCTION_STATUS.DONE && (episode !== null || known.inReview)),
    refreshError,
  };
}

async function findKnown(userId: string, uuid: string) {
  const known = await db.knownProduction.findUnique({ where: { userId_uuid: { userId, uuid } } });
  if (!known) throw new AppError("NOT_FOUND", "Podhaven does not know this production.");
  return known;
}

/** Asks Auphonic for the status; at the end (Done or Error) once for the whole record: the reason, in_review. */
async function refreshStatus(userId: string, uuid: string) {
  const token = await getAuphonicTokenOrThrow(userId);
  const { status, statusString } = await getProductionStatus(token, uuid);
  let details: { errorMessage?: string; inReview?: boolean; title?: string } = {};
  if (isFinished(status)) {
    const outcome = await getProductionOutcome(token, uuid);
    details = { errorMessage: outcome.errorMessage, inReview: outcome.inReview, ...(outcome.title ? { title: outcome.title } : {}) };
  }
  await db.knownProduction.updateMany({ where: { userId, uuid }, data: { status, statusString, ...details, seenAt: new Date() } });
}
