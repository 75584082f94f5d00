import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isUploadPath } from "./is-upload-path";

// The largest form post Next accepts for a server action (next.config.js, `serverActions.bodySizeLimit`: a 10 MB
// cover and the form's text). A larger one made Next fail with its error page; the browser refuses such files
// before uploading (lib/shows/cover-limits.ts), and a post that gets here anyway (no JavaScript, a script) is
// answered with this page before a byte of it is read.
export const FORM_POST_MAX_BYTES = 11 * 1024 * 1024;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upload too large · Podhaven</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1.25rem;line-height:1.5;color:#1c1917}
h1{font-size:1.75rem}a{color:#115e59}@media (prefers-color-scheme:dark){body{background:#1c1917;color:#f5f5f4}a{color:#5eead4}}</style></head>
<body><p style="color:#0f766e;font-weight:600;letter-spacing:.05em;text-transform:uppercase;font-size:.85rem">Podhaven</p>
<h1>That upload is too large</h1>
<p>Nothing was saved. Images may be at most 10 MB. Go back (your browser keeps what you typed), choose a smaller
file, and save again.</p>
<p><a href="BACK">Go back to the form</a></p></body></html>`;

/** server.ts's check before Next: a form post declared larger than the limit gets 413 and a page saying why. */
export async function refuseOversizedUpload(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  // Audio uploads (app/api/uploads/route.ts) are streamed to storage, with their own limits.
  if (request.method !== "POST" || isUploadPath(request.url)) return false;
  const length = Number(request.headers["content-length"]);
  if (!Number.isFinite(length) || length <= FORM_POST_MAX_BYTES) return false;
  response.writeHead(413, { "Content-Type": "text/html; charset=utf-8", Connection: "close", "Cache-Control": "no-store" });
  response.end(PAGE.replace("BACK", backLink(request)));
  // The body is read and dropped (a client stopped mid-upload may not read the answer), for 10 s at most.
  request.resume();
  setTimeout(() => request.destroy(), 10_000).unref();
  return true;
}

/** The form's page (the Referer, when it is ours), else the dashboard. */
function backLink(request: IncomingMessage): string {
  const referer = request.headers.referer;
  try {
    const url = new URL(referer ?? "", `http://${request.headers.host}`);
    if (referer && url.host === request.headers.host) return (url.pathname + url.search).replace(/[<>"&]/g, "");
  } catch {}
  return "/dashboard";
}
