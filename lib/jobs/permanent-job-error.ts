/**
 * A job failure that retrying cannot fix: the job ends as failed at once, with this message shown.
 * `isAuphonicFailure`: the production itself failed or is gone in Auphonic, so the creator cannot retry it from
 * Podhaven either (lib/episodes/find-import-retry-refusal.ts); only a new delivery from Auphonic brings it back.
 */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly details: { isForeignDelivery?: boolean; isAuphonicFailure?: boolean } = {},
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}
