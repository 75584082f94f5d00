import "server-only";
import { z } from "zod";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";

const USER_AGENT = "Podhaven/0.1 (+podcast hosting for Auphonic productions)";
const TIMEOUT_MS = 15_000;

// Every /api/*.json answer; each key may be missing on real responses, so all are optional here.
const envelopeSchema = z.object({
  status_code: z.number().optional(),
  error_code: z.unknown().optional(),
  error_message: z.string().nullish(),
  form_errors: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown().optional(),
});

type RequestOptions = {
  token: string;
  method?: "GET" | "POST";
  json?: unknown;
  /** A streamed body (an upload): sent with its own type and length, never buffered. */
  stream?: { body: AsyncIterable<Uint8Array>; contentType: string; contentLength: number };
  /** How long the whole call may take (an upload's deadline), and a signal that stops it sooner. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
};

/**
 * Calls Auphonic's API as the user and returns the envelope's `data`. Only ever sends the token to the
 * configured Auphonic origin. Errors become AppError: 401 → AUPHONIC_UNAUTHORIZED, 400 → BAD_REQUEST with
 * `form_errors`, 403/404 → FORBIDDEN/NOT_FOUND, 429 → RATE_LIMITED (with Retry-After, when sent, as `retryAfterMs`),
 * anything else (network, 5xx, not JSON) → AUPHONIC_UNAVAILABLE.
 */
export async function requestAuphonic(path: string, options: RequestOptions): Promise<unknown> {
  const { token, method = "GET", json, stream, timeoutMs = TIMEOUT_MS, signal, fetchImpl = fetch } = options;
  const url = new URL(path, `${env.auphonicBaseUrl}/`);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        "User-Agent": USER_AGENT,
        ...(json === undefined ? {} : { "Content-Type": "application/json" }),
        ...(stream ? { "Content-Type": stream.contentType, "Content-Length": String(stream.contentLength) } : {}),
      },
      body: stream ? (stream.body as unknown as BodyInit) : json === undefined ? undefined : JSON.stringify(json),
      ...(stream ? { duplex: "half" } : {}),
      redirect: "error",
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      cache: "no-store",
    } as RequestInit);
  } catch (error) {
    throw new AppError("AUPHONIC_UNAVAILABLE", `Auphonic could not be reached (${describeFetchError(error)}).`);
  }

  const envelope = envelopeSchema.safeParse(await response.json().catch(() => undefined));
  const message = envelope.success ? envelope.data.error_message || undefined : undefined;
  const bodyStatus = envelope.success ? envelope.data.status_code : undefined;
  const status = response.ok && bodyStatus !== undefined ? bodyStatus : response.status;

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    const wait = retryAfterMs === null ? "" : ` Try again in ${Math.ceil(retryAfterMs / 1000)} seconds.`;
    throw new AppError("RATE_LIMITED", `Auphonic asks Podhaven to slow down (too many requests).${wait}`, {}, retryAfterMs);
  }
  if (status === 401) {
    throw new AppError("AUPHONIC_UNAUTHORIZED", message ?? "Auphonic no longer accepts your sign-in.");
  }
  if (status === 400) {
    const formErrors = envelope.success ? normaliseFormErrors(envelope.data.form_errors) : {};
    throw new AppError("BAD_REQUEST", message ?? "Auphonic rejected the request.", formErrors);
  }
  if (status === 403) throw new AppError("FORBIDDEN", message ?? "Auphonic refused access.");
  if (status === 404) throw new AppError("NOT_FOUND", message ?? "Auphonic does not know this resource.");
  if (status < 200 || status >= 300 || !envelope.success) {
    throw new AppError(
      "AUPHONIC_UNAVAILABLE",
      envelope.success ? `Auphonic answered with an error (HTTP ${status}).` : "Auphonic sent an unreadable answer.",
    );
  }
  return envelope.data.data;
}

// At most a day: a hostile or broken header must not park a creator's reconciliation for years.
const MAX_RETRY_AFTER_MS = 24 * 3600_000;

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when missing or unreadable. */
function parseRetryAfter(value: string | null): number | null {
  const text = value?.trim() ?? "";
  if (text === "") return null;
  const ms = /^\d{1,10}$/.test(text) ? Number(text) * 1000 : text.length <= 64 ? Date.parse(text) - Date.now() : Number.NaN;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null;
}

function normaliseFormErrors(raw: Record<string, unknown> | null | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(raw ?? {})) {
    const messages = (Array.isArray(value) ? value : [value]).filter((item) => typeof item === "string");
    if (messages.length > 0) result[field] = messages;
  }
  return result;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timed out";
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? "network error";
}
