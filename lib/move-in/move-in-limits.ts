// What a move-in fetches at most. Media files take the app's own limit (MEDIA_MAX_FILE_BYTES).
export const MOVE_IN_FEED_MAX_BYTES = 20 * 1024 * 1024;
export const MOVE_IN_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const MOVE_IN_CHAPTERS_MAX_BYTES = 1024 * 1024;
export const MOVE_IN_TRANSCRIPT_MAX_BYTES = 5 * 1024 * 1024;
/** Attempts per episode before a passing failure (the old host down, a timeout) is reported as final. */
export const MOVE_IN_MAX_ATTEMPTS = 3;
