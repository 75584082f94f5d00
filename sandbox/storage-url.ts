import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { SandboxContext } from "./context.js";

/** The "third-party" storage host of the redirectForeignHost fault: same server, another loopback address. */
export const FOREIGN_HOST = "127.0.0.2";

export function isForeignHostRequest(req: IncomingMessage): boolean {
  return req.socket.localAddress?.replace(/^::ffff:/, "") === FOREIGN_HOST;
}

function sign(ctx: SandboxContext, path: string, expires: number): string {
  return createHmac("sha256", ctx.storageSecret).update(`${path}\n${expires}`).digest("hex");
}

/** A presigned, expiring URL for /storage/{uuid}/{filename}, like an S3 presigned GET. */
export function createSignedStorageUrl(ctx: SandboxContext, uuid: string, filename: string): string {
  const path = `/storage/${uuid}/${encodeURIComponent(filename)}`;
  const expires = ctx.now() + ctx.config.signedUrlTtlMs;
  const origin = ctx.state.faults.redirectForeignHost ? `http://${FOREIGN_HOST}:${ctx.port()}` : ctx.publicUrl();
  return `${origin}${path}?expires=${expires}&signature=${sign(ctx, path, expires)}`;
}

export type SignatureCheck = "valid" | "bad-signature" | "expired";

export function checkStorageSignature(ctx: SandboxContext, path: string, query: URLSearchParams): SignatureCheck {
  const expires = Number(query.get("expires"));
  const signature = query.get("signature") ?? "";
  if (!Number.isInteger(expires) || !/^[0-9a-f]{64}$/.test(signature)) return "bad-signature";
  const expected = Buffer.from(sign(ctx, path, expires), "hex");
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) return "bad-signature";
  return ctx.now() > expires ? "expired" : "valid";
}
