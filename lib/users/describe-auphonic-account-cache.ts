/** How old the stored account details may be before a dashboard view asks for fresh ones in the background. */
export const AUPHONIC_ACCOUNT_MAX_AGE_MS = 10 * 60_000;
/** After a failed refresh, the next dashboard view asks again only after this long (Auphonic may be struggling). */
export const AUPHONIC_ACCOUNT_RETRY_MS = 2 * 60_000;
/** A refresh asked for and not tried within this long is taken as lost (no worker running): asking again is allowed. */
export const AUPHONIC_ACCOUNT_PENDING_MS = 2 * 60_000;

export type AuphonicAccountCacheRow = {
  username: string;
  auphonicCredits: number | null;
  auphonicAccountAsOf: Date | null;
  auphonicAccountTriedAt: Date | null;
  auphonicAccountRequestedAt: Date | null;
  auphonicAccountError: string | null;
  auphonicAccountRefused: boolean;
};

export type CachedAuphonicAccount = {
  username: string;
  credits: number | null;
  /** When username and credits were read from Auphonic; null if never. */
  asOf: Date | null;
  /** The last refresh failed: when, and why (null when it worked). */
  failure: { at: Date; message: string } | null;
  isRefused: boolean;
  /** A refresh is queued and not yet tried. */
  isRefreshing: boolean;
  /** This view should queue a refresh (details old, nothing pending, no recent failure, token not refused). */
  needsRefresh: boolean;
};

/** The dashboard's view of the stored account details, and whether a refresh is due, at `now`. */
export function describeAuphonicAccountCache(row: AuphonicAccountCacheRow, now: Date): CachedAuphonicAccount {
  const age = (date: Date | null) => (date ? now.getTime() - date.getTime() : Number.POSITIVE_INFINITY);
  const triedAt = row.auphonicAccountTriedAt;
  const requestedAt = row.auphonicAccountRequestedAt;
  const isRefreshing = requestedAt !== null && (triedAt === null || requestedAt > triedAt) && age(requestedAt) < AUPHONIC_ACCOUNT_PENDING_MS;
  const failure = row.auphonicAccountError !== null && triedAt ? { at: triedAt, message: row.auphonicAccountError } : null;
  const isRefused = row.auphonicAccountRefused;
  const needsRefresh =
    !isRefreshing && !isRefused && age(row.auphonicAccountAsOf) > AUPHONIC_ACCOUNT_MAX_AGE_MS && (failure === null || age(failure.at) > AUPHONIC_ACCOUNT_RETRY_MS);
  return { username: row.username, credits: row.auphonicCredits, asOf: row.auphonicAccountAsOf, failure, isRefused, isRefreshing, needsRefresh };
}
