import "server-only";
import { errors, jwtVerify } from "jose";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";

export const PRODUCTION_UUID = /^[A-Za-z0-9]{22}$/;

export type WebhookClaims = { productionUuid: string; customData: string | null };

const secretKey = () => new TextEncoder().encode(env.auphonicClientSecret);

/**
 * Auphonic's External Service webhook body: a compact JWT, HS256 with our OAuth client secret, holding the
 * production `uuid` and the connection's `custom_data`. Only HS256 is accepted (no `none`, no other HMACs,
 * no public-key algorithms whose key could be confused with the secret).
 */
export async function verifyWebhookJwt(token: string): Promise<WebhookClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token.trim(), secretKey(), { algorithms: ["HS256"] }));
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
  if (typeof uuid !== "string" || !PRODUCTION_UUID.test(uuid)) {
    throw new AppError("BAD_REQUEST", "The JWT has no valid production uuid (22 letters and digits).");
  }
  if (customData !== undefined && customData !== null && typeof customData !== "string") {
    throw new AppError("BAD_REQUEST", "The JWT's custom_data must be a string.");
  }
  return { productionUuid: uuid, customData: customData ?? null };
}
