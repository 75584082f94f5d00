import "server-only";
import { NextResponse } from "next/server";

/**
 * The one expected-error type. Codes:
 * - BAD_REQUEST (400), UNAUTHORIZED (401), FORBIDDEN (403), NOT_FOUND (404), GONE (410),
 *   PAYLOAD_TOO_LARGE (413), UNSUPPORTED_MEDIA_TYPE (415)
 * - QUOTA_EXCEEDED (403): the creator's quota (stored bytes, one running move-in) refuses it; the message names
 *   the quota, and the same request succeeds once there is room (lib/quotas/).
 * - TOO_MANY_REQUESTS (429): a rate limit counted across processes (lib/quotas/consume-rate-limit.ts).
 * - AUPHONIC_UNAUTHORIZED (401): Auphonic refused the user's stored token; the user must reconnect.
 * - AUPHONIC_UNAVAILABLE (502): Auphonic failed or could not be reached; retrying may help.
 * - RATE_LIMITED (503): Auphonic answered 429; `retryAfterMs` holds its Retry-After when it sent one.
 */
export const APP_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  QUOTA_EXCEEDED: 403,
  TOO_MANY_REQUESTS: 429,
  AUPHONIC_UNAUTHORIZED: 401,
  AUPHONIC_UNAVAILABLE: 502,
  RATE_LIMITED: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** Route handlers: AppError becomes its status and a short JSON body; anything else a bare 500. */
export function toErrorResponse(error: unknown): NextResponse {
  if (isAppError(error)) {
    return NextResponse.json({ error: error.code, message: error.message }, { status: error.status });
  }
  console.error(error);
  return NextResponse.json({ error: "INTERNAL", message: "Something went wrong on our side." }, { status: 500 });
}
