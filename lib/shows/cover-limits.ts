// What a cover upload may be, shared by the form (checked in the browser before uploading) and the server.
export const COVER_MAX_BYTES = 10 * 1024 * 1024;
export const COVER_TYPES = ["image/jpeg", "image/png"];

/** The browser's check of a chosen cover file: a message, or null when it may be uploaded. */
export function checkCoverFile(file: { size: number; type: string }): string | null {
  if (file.size > COVER_MAX_BYTES) {
    return `The cover image is larger than 10 MB (this one is ${(file.size / 1024 / 1024).toFixed(1)} MB); choose a smaller one.`;
  }
  if (file.type && !COVER_TYPES.includes(file.type)) return "The cover must be a JPEG or PNG image.";
  return null;
}
