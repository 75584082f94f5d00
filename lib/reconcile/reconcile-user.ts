import "server-only";
import { getProduction } from "@/lib/auphonic/get-production";
import { listProductions, MAX_PRODUCTIONS_PAGE, type ProductionsPage } from "@/lib/auphonic/list-productions";
import { summarizeProduction, type ProductionSummary } from "@/lib/auphonic/summarize-production";
import { sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { AppError, isAppError } from "@/lib/errors";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";
import { importFoundProductions, type ImportedProduction } from "./import-found-productions";
import { recordKnownProductions } from "./record-known-productions";

export type ReconcileReport = {
  /** Pages of the list read, and every request made to Auphonic (pages plus look-ups of unfinished productions). */
  pages: number;
  requests: number;
  /** Productions read from the list. */
  listed: number;
  imported: ImportedProduction[];
  /** Productions that failed in Auphonic, and finished ones waiting for review there. */
  failed: number;
  inReview: number;
};

const DAY_MS = 24 * 3600_000;
// 10,000 productions in the window: past that, a run stops rather than walk on (the window still starts with the newest).
const MAX_PAGES = 100;
// Look-ups of unfinished productions no longer in the window, per run, least recently seen first; those Auphonic
// created more than LOOKUP_DAYS ago are left alone (an abandoned draft must not cost a request forever).
const MAX_LOOKUPS = 25;
const LOOKUP_DAYS = 60;
// Statuses of a production that was running when last seen (Auphonic's status table: 0 File Upload, 1 Waiting,
// 4 Audio Processing, 5 Audio Encoding, 6 Outgoing File Transfer, 7 Audio Mono Mixdown, 8 Split Audio On Chapter
// Marks, 12 Incoming File Transfer, 13 Stopping the Production, 14 Speech Recognition): looked up every run. Any
// other (9 Incomplete, 10 Not Started Yet, 11 Outdated: most often a draft left alone; waiting for review, which
// takes the creator's time; an unreadable status) is looked up only once it has not been seen for LOOKUP_IDLE_HOURS.
const RUNNING_STATUSES = [0, 1, 4, 5, 6, 7, 8, 12, 13, 14];
const LOOKUP_IDLE_HOURS = 6;
/**
 * A whole run's limit: past it, the run stops where it is (what it read is recorded already, page by page) and
 * ends with an error, so that one creator's slow Auphonic never holds a worker for long and the job never outlives
 * its expiry (lib/reconcile/schedule-reconciliation.ts) to be handed out twice.
 */
export const RECONCILE_RUN_DEADLINE_MS = 10 * 60_000;
export const GONE_FROM_AUPHONIC = "Auphonic no longer has this production (it was deleted there).";

/**
 * One reconciliation for a creator (docs/auphonic-api.md, "Reconciliation"): lists their productions newest first
 * back past the window (AUPHONIC_RECONCILE_WINDOW_DAYS), looks up again the unfinished ones seen before that have
 * left the window, records them all (KnownProduction) and imports each finished one sent to a live connection of
 * theirs that has no episode and no tombstone, as its webhook would have. Records the run on AuphonicSync.
 * Throws AppError on Auphonic's errors (AUPHONIC_UNAUTHORIZED, which also marks the token invalid,
 * AUPHONIC_UNAVAILABLE, RATE_LIMITED…) after recording what it had already learnt; AUPHONIC_UNAVAILABLE also when
 * the run outlasts `deadlineMs` (RECONCILE_RUN_DEADLINE_MS), after recording what it had read by then.
 */
export async function reconcileUser(
  userId: string,
  { signal, deadlineMs = RECONCILE_RUN_DEADLINE_MS }: { signal?: AbortSignal; deadlineMs?: number } = {},
): Promise<ReconcileReport> {
  const startedAt = new Date();
  try {
    const token = await getAuphonicTokenOrThrow(userId);
    const report = await reconcile(userId, token, signal, deadlineMs).catch(async (error: unknown) => {
      // Auphonic refused the stored token: the creator is asked to reconnect, and runs stop until they do. Unless
      // they signed in again while this run waited for Auphonic: the new token is not the refused one.
      if (isAppError(error, "AUPHONIC_UNAUTHORIZED") && (await getAuphonicTokenOrThrow(userId).catch(() => null)) === token) {
        await markAuphonicTokenInvalid(userId);
      }
      throw error;
    });
    await recordRun(userId, startedAt, null);
    return report;
  } catch (error) {
    await recordRun(userId, startedAt, error).catch((recordError: unknown) => console.error(`Reconciliation of ${userId}: could not record the run:`, recordError));
    throw error;
  }
}

async function reconcile(userId: string, token: string, signal: AbortSignal | undefined, deadlineMs: number): Promise<ReconcileReport> {
  const windowStart = Date.now() - env.auphonicReconcileWindowDays * DAY_MS;
  const report: ReconcileReport = { pages: 0, requests: 0, listed: 0, imported: [], failed: 0, inReview: 0 };
  const deadline = AbortSignal.timeout(deadlineMs);
  const runSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
  // The worker stopping ends the run as before; the deadline ends it with an error that says so (a request it cut
  // short would otherwise read as Auphonic timing out).
  const stopIfOver = () => {
    signal?.throwIfAborted();
    if (deadline.aborted) {
      throw new AppError(
        "AUPHONIC_UNAVAILABLE",
        `Auphonic answered too slowly: the check stopped after ${deadlineMs >= 120_000 ? `${Math.round(deadlineMs / 60_000)} minutes` : `${Math.ceil(deadlineMs / 1000)} seconds`}, keeping what it had found by then. It goes on at the next check.`,
      );
    }
  };
  const listed = new Map<string, ProductionSummary>();
  const connectionsByService = await findConnectionsByService(userId);
  let page: ProductionsPage = { productions: [], itemCount: 0, skipped: 0 };
  // The next page starts after the items this one held: a server whose largest page is smaller than asked for
  // (Auphonic documents the default, 100, not a maximum) is read on without a gap.
  for (let offset = 0; report.pages < MAX_PAGES; offset += page.itemCount) {
    stopIfOver();
    report.requests++;
    page = await listProductions(token, { limit: MAX_PRODUCTIONS_PAGE, offset, signal: runSignal }).catch((error: unknown) => {
      stopIfOver();
      throw error;
    });
    report.pages++;
    const summaries = page.productions.map(summarizeProduction);
    // A production created meanwhile shifts the pages by one: one seen twice is counted once.
    const fresh = summaries.filter((production) => !listed.has(production.uuid));
    for (const production of fresh) listed.set(production.uuid, production);
    // Page by page, so that an error on a later page keeps what the earlier ones found. Everything on a page read
    // counts, also what lies past the window's start: one created earlier that finished since is listed, so it
    // would otherwise be neither imported nor looked up.
    await recordKnownProductions(userId, fresh);
    report.imported.push(...(await importPublished(userId, fresh, connectionsByService)));
    // The end is an empty page: a short one may only mean a smaller largest page.
    if (page.itemCount === 0) break;
    // The list's order is not documented: the walk ends at a page with nothing inside the window, not at the
    // first production older than it.
    if (!summaries.some((production) => production.createdAt !== null && production.createdAt.getTime() >= windowStart)) break;
  }
  report.listed = listed.size;

  // A production created before the window can finish after it: those seen unfinished are looked up one by one.
  const lookUp = await findUnfinishedOutside(userId, [...listed.keys()]);
  const lookedUp: ProductionSummary[] = [];
  const gone: string[] = [];
  let lookupError: unknown = null;
  let overError: unknown = null;
  for (const uuid of lookUp) {
    try {
      stopIfOver();
    } catch (error) {
      // What the look-ups found so far is recorded below before the run ends with this.
      overError = error;
      break;
    }
    report.requests++;
    try {
      lookedUp.push(summarizeProduction(await getProduction(token, uuid)));
    } catch (error) {
      if (isAppError(error, "NOT_FOUND") || isAppError(error, "FORBIDDEN")) gone.push(uuid);
      else if (isAppError(error, "AUPHONIC_UNAUTHORIZED") || isAppError(error, "RATE_LIMITED")) throw error;
      // One unreadable record stops no other look-up; the run still ends with its error.
      else lookupError ??= error;
    }
  }
  await recordKnownProductions(userId, lookedUp);
  await markGone(userId, gone);
  report.imported.push(...(await importPublished(userId, lookedUp, connectionsByService)));

  const outcome = [...listed.values(), ...lookedUp];
  report.failed = outcome.filter((production) => production.isFailed).length;
  report.inReview = outcome.filter((production) => production.isInReview).length;
  if (overError) throw overError;
  if (lookupError) throw lookupError;
  return report;
}

/** The user's live connections by their Auphonic service uuid (importFoundProductions checks them again). */
async function findConnectionsByService(userId: string): Promise<Map<string, { id: string }[]>> {
  const connections = await sql.query<{ id: string; serviceUuid: string }>(
    `SELECT id, "auphonicServiceUuid" AS "serviceUuid" FROM "Connection" WHERE "userId" = $1 AND "deletedAt" IS NULL AND "auphonicServiceUuid" IS NOT NULL`,
    [userId],
  );
  const byService = new Map<string, { id: string }[]>();
  for (const connection of connections) byService.set(connection.serviceUuid, [...(byService.get(connection.serviceUuid) ?? []), connection]);
  return byService;
}

/** Imports the published productions that list a live connection of the user. */
async function importPublished(userId: string, productions: ProductionSummary[], connectionsByService: Map<string, { id: string }[]>): Promise<ImportedProduction[]> {
  const published = productions.filter((production) => production.isPublished && production.serviceUuids.length > 0);
  const found = published.flatMap((production) =>
    production.serviceUuids.flatMap((serviceUuid) =>
      (connectionsByService.get(serviceUuid) ?? []).map((connection) => ({ connectionId: connection.id, productionUuid: production.uuid })),
    ),
  );
  return importFoundProductions(userId, found);
}

/**
 * Known productions of the user, unfinished (or waiting for review) when last seen, that the list no longer shows:
 * those running then, and the others not seen for LOOKUP_IDLE_HOURS.
 */
async function findUnfinishedOutside(userId: string, listedUuids: string[]): Promise<string[]> {
  const rows = await sql.query<{ uuid: string }>(
    `SELECT uuid FROM "KnownProduction"
     WHERE "userId" = $1 AND (status IS NULL OR status NOT IN (2, 3) OR "inReview") AND uuid <> ALL($2::text[])
       AND COALESCE("createdAt", "firstSeenAt") >= now() - make_interval(days => $3::int)
       AND ((status = ANY($5::int[]) AND NOT "inReview") OR "seenAt" < now() - make_interval(hours => $6::int))
     ORDER BY "seenAt", uuid LIMIT $4`,
    [userId, listedUuids, LOOKUP_DAYS, MAX_LOOKUPS, RUNNING_STATUSES, LOOKUP_IDLE_HOURS],
  );
  return rows.map((row) => row.uuid);
}

/** A production Auphonic no longer has is shown as failed with that reason, and not looked up again. */
async function markGone(userId: string, uuids: string[]) {
  if (uuids.length === 0) return;
  await sql.query(
    `UPDATE "KnownProduction" SET status = 2, "statusString" = 'Deleted', "errorMessage" = $3, "inReview" = false, "seenAt" = now()
     WHERE "userId" = $1 AND uuid = ANY($2::text[])`,
    [userId, uuids, GONE_FROM_AUPHONIC],
  );
}

/** The run on AuphonicSync: when, and its error (failures count the errors in a row, for the schedule's backoff). */
async function recordRun(userId: string, startedAt: Date, error: unknown) {
  const message = error === null ? null : describeError(userId, error);
  await sql.query(
    `INSERT INTO "AuphonicSync" ("userId", "lastRunAt", "lastSuccessAt", failures, "lastError")
     SELECT id, $2::timestamptz AT TIME ZONE 'UTC', CASE WHEN $3::text IS NULL THEN $2::timestamptz AT TIME ZONE 'UTC' END,
       CASE WHEN $3::text IS NULL THEN 0 ELSE 1 END, $3::text
     FROM "User" WHERE id = $1
     ON CONFLICT ("userId") DO UPDATE SET "lastRunAt" = EXCLUDED."lastRunAt",
       "lastSuccessAt" = COALESCE(EXCLUDED."lastSuccessAt", "AuphonicSync"."lastSuccessAt"),
       failures = CASE WHEN $3::text IS NULL THEN 0 ELSE "AuphonicSync".failures + 1 END, "lastError" = $3::text`,
    [userId, startedAt.toISOString(), message],
  );
}

function describeError(userId: string, error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof Error && error.name === "AbortError") return "The run was stopped (the worker shut down); it runs again later.";
  console.error(`Reconciliation of ${userId}:`, error);
  return "Podhaven could not check Auphonic because of an error on our side; the details are in the server log.";
}
