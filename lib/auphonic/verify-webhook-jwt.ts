import "server-only";
import { decodeProtectedHeader, errors, jwtVerify } from "jose";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";

export type WebhookClaims = { productionUuid: string; customData: string | null };

const secretKey = () => new TextEncoder().encode(env.auphonicClientSecret);

/** RFC 7515 compact serialization: three base64url parts, no whitespace or padding; HS256 signs 32 bytes (43 chars). */
const COMPACT_HS256 = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

function headerAlgorithm(compact: string): unknown {
  try {
    return decodeProtectedHeader(compact).alg;
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not a well-formed JWT.");
  }
}

/** jose decodes leniently (atob ignores the unused low bits of the last character), so insist on the canonical form. */
function isCanonicalSignature(signature: string): boolean {
  return Buffer.from(signature, "base64url").toString("base64url") === signature;
}

/**
 * Auphonic's External Service webhook body: a compact JWT, HS256 with our OAuth client secret, holding the
 * production `uuid` and the connection's `custom_data`. Only HS256 is accepted (no `none`, no other HMACs,
 * no public-key algorithms whose key could be confused with the secret).
 */
export async function verifyWebhookJwt(token: string): Promise<WebhookClaims> {
  const compact = token.trim();
  if (headerAlgorithm(compact) !== "HS256") throw new AppError("UNAUTHORIZED", "Only HS256-signed JWTs are accepted.");
  if (!COMPACT_HS256.test(compact) || !isCanonicalSignature(compact.slice(compact.lastIndexOf(".") + 1))) {
    throw new AppError("BAD_REQUEST", "The body is not a well-formed HS256 JWT (compact serialization, base64url).");
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(compact, secretKey(), { algorithms: ["HS256"] }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw new AppError("UNAUTHORIZED", "The JWT signature does not match.");
    }
    if (error instanceof errors.JOSEAlgNotAllowed) throw new AppError("UNAUTHORIZED", "Only HS256-signed JWTs are accepted.");
    if (error instanceof errors.JWTExpired) throw new AppError("UNAUTHORIZED", "The JWT has expired.");
    if (error instanceof errors.JOSEError) throw new AppError("BAD_REQUEST", "The body is not a well-formed JWT.");
    throw error;
  }
  const { uuid, custom_data: customData } = payload;
  if (!isAuphonicId(uuid)) {
    throw new AppError("BAD_REQUEST", "The JWT has no valid production uuid (22 letters and digits).");
  }
  if (customData !== undefined && customData !== null && typeof customData !== "string") {
    throw new AppError("BAD_REQUEST", "The JWT's custom_data must be a string.");
  }
  return { productionUuid: uuid, customData: customData ?? null };
}
