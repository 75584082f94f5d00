// What the ingestion core (lib/ingestion/) refuses, for both sources: an Auphonic production's files and an old
// feed's items. Plain errors (not AppError): the worker and server.ts load this before Next.

/** A file that arrived but is not what was asked for: encoded although identity was asked, or not audio. Retrying gives the same bytes. */
export class RefusedFileError extends Error {
  override name = "RefusedFileError";
}

/** A fetch stopped by its deadline (FETCH_DEADLINE_MS) or its minimum rate (FETCH_MIN_BYTES_PER_SEC): the host may be faster later. */
export class SlowFetchError extends Error {
  override name = "SlowFetchError";
}
