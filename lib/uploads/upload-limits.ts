// Shared with the browser (the upload field states and checks the same limits), so no server-only import.

/** A staged upload waits this long for "Publish", "Produce with Auphonic" or "Replace audio"; then it is removed. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/** Uploads a creator may start per hour (each one counts, refused or not): a script cannot fill storage or the line. */
export const UPLOAD_RATE_LIMIT = { name: "uploads", points: 30, durationSec: 3600 } as const;

/** The longest filename the route takes (the name is only a label: the stored one is made safe). */
export const UPLOAD_FILENAME_MAX_CHARS = 255;

/** Where a staged upload is stored: outside episodes/ and shows/, so /media/ never serves it. */
export const uploadFolder = (userId: string, uploadId: string) => `uploads/${userId}/${uploadId}/`;
