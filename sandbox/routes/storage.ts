import { createReadStream, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../context.js";
import { safeDecode } from "../http.js";
import { findProductionFile } from "../production-json.js";
import { checkStorageSignature } from "../storage-url.js";

function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>${code}</Code><Message>${message}</Message><RequestId>sandbox</RequestId></Error>
`;
  res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** The object storage behind download_url: presigned, expiring, and no Authorization header allowed. */
export function handleStorage(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendS3Error(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  }
  if (req.headers.authorization !== undefined) {
    return sendS3Error(
      res,
      400,
      "InvalidArgument",
      "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
    );
  }
  const check = checkStorageSignature(ctx, url.pathname, url.searchParams);
  if (check === "bad-signature") {
    return sendS3Error(
      res,
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  if (check === "expired" || ctx.state.faults.expireSignedUrls > 0) {
    if (check !== "expired") ctx.state.faults.expireSignedUrls -= 1;
    return sendS3Error(res, 403, "AccessDenied", "Request has expired");
  }

  const match = /^\/storage\/([A-Za-z0-9]{22})\/([^/]+)$/.exec(url.pathname);
  const production = match ? ctx.state.productions.get(match[1]!) : undefined;
  const filename = match ? (safeDecode(match[2]!) ?? "") : "";
  const fixture =
    production &&
    (findProductionFile(production, "audio-result", filename) ?? findProductionFile(production, "audio-upload", filename));
  if (!fixture) return sendS3Error(res, 404, "NoSuchKey", "The specified key does not exist.");

  res.writeHead(200, {
    "Content-Type": fixture.contentType,
    "Content-Length": fixture.size,
    ETag: `"${fixture.md5}"`,
    "Cache-Control": "private, max-age=0",
  });
  if (req.method === "HEAD") return void res.end();

  const { faults } = ctx.state;
  if (faults.stallDownloads > 0) {
    faults.stallDownloads -= 1;
    // Half the body, then nothing: a transfer that hangs until the client gives up or dies.
    ctx.stalledDownloads.add(res);
    res.on("close", () => ctx.stalledDownloads.delete(res));
    const bytes = readFileSync(fixture.path);
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    return;
  }
  if (faults.truncateDownloads > 0) {
    faults.truncateDownloads -= 1;
    const bytes = readFileSync(fixture.path);
    // Half the promised body, then a dropped connection, as a broken transfer looks to the client.
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => setTimeout(() => res.destroy(), 20));
    return;
  }
  if (faults.corruptDownloads > 0) {
    faults.corruptDownloads -= 1;
    const bytes = Buffer.from(readFileSync(fixture.path));
    for (let i = Math.floor(bytes.length / 3); i < bytes.length; i += 997) bytes[i] = bytes[i]! ^ 0xff;
    return void res.end(bytes);
  }
  createReadStream(fixture.path)
    .on("error", () => res.destroy())
    .pipe(res);
}
