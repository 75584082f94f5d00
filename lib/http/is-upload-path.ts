/** The audio upload route's path (app/api/uploads/route.ts): its own time limit and size checks apply to it alone. */
export const UPLOAD_PATH = "/api/uploads";

/** Whether a request URL (path and query, as Node gives it) is the audio upload route: the path, with or without a query. */
export function isUploadPath(url: string | undefined): boolean {
  return url === UPLOAD_PATH || url?.startsWith(`${UPLOAD_PATH}?`) === true;
}
