import { SignJWT } from "jose";
import type { SandboxContext } from "./context.js";
import type { OutgoingService, Production, WebhookAttempt } from "./state.js";

const SUCCESS_STATUSES = new Set([200, 201, 203, 204]);

/** The External Service webhook body: a compact HS256 JWT signed with the OAuth client secret. */
export async function createWebhookJwt(
  clientSecret: string,
  claims: { uuid: string; custom_data: string | null },
): Promise<string> {
  const payload: Record<string, string> = { uuid: claims.uuid };
  if (claims.custom_data !== null) payload.custom_data = claims.custom_data;
  return new SignJWT(payload)
    .setProtectedHeader({ typ: "JWT", alg: "HS256" })
    .sign(new TextEncoder().encode(clientSecret));
}

type AttemptResult = { attempt: WebhookAttempt; success: boolean; resultPageUrl?: string; resultFileUrl?: string };

function readResultUrls(text: string): { resultPageUrl?: string; resultFileUrl?: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return {};
    const record = parsed as Record<string, unknown>;
    return {
      resultPageUrl: typeof record.result_page_url === "string" ? record.result_page_url : undefined,
      resultFileUrl: typeof record.result_file_url === "string" ? record.result_file_url : undefined,
    };
  } catch {
    return {};
  }
}

async function sendAttempt(
  ctx: SandboxContext,
  url: string,
  jwt: string,
  signal: AbortSignal,
  numbers: { delivery: number; attempt: number },
): Promise<AttemptResult> {
  const startedAt = Date.now();
  const timeout = AbortSignal.timeout(ctx.config.webhookTimeoutMs);
  const attempt: WebhookAttempt = {
    ...numbers,
    started_at: new Date(startedAt).toISOString(),
    duration_ms: 0,
    http_status: null,
    error: null,
  };
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/jwt", "User-Agent": "Auphonic-Sandbox/1.0 (podhaven)" },
      body: jwt,
      redirect: "manual",
      signal: AbortSignal.any([signal, timeout]),
    });
    const text = await response.text();
    attempt.http_status = response.status;
    attempt.duration_ms = Date.now() - startedAt;
    const success = SUCCESS_STATUSES.has(response.status);
    if (!success) attempt.error = `HTTP ${response.status}`;
    return { attempt, success, ...(success ? readResultUrls(text) : {}) };
  } catch (error) {
    attempt.duration_ms = Date.now() - startedAt;
    attempt.error = timeout.aborted
      ? `Timeout after ${ctx.config.webhookTimeoutMs} ms`
      : error instanceof Error
        ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}`
        : String(error);
    return { attempt, success: false };
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Sends the webhook for one production to one of its services, retrying per the configured delays.
 * Runs in the background; every attempt is recorded on the production's outgoing_services entry.
 */
export function startWebhookDelivery(ctx: SandboxContext, production: Production, entry: OutgoingService): void {
  const controller = new AbortController();
  const handle = { cancel: () => controller.abort() };
  const epoch = ctx.state.epoch;
  const delivery = Math.max(0, ...entry.attempts.map((a) => a.delivery)) + 1;
  const isCurrent = () => !controller.signal.aborted && ctx.state.epoch === epoch;

  entry.delivery_state = "pending";
  entry.transfer_success = null;
  entry.error_message = "";
  ctx.deliveries.add(handle);

  const run = async () => {
    const maxAttempts = 1 + ctx.config.webhookRetryDelaysMs.length;
    for (let attemptNumber = 1; attemptNumber <= maxAttempts; attemptNumber++) {
      if (attemptNumber > 1) await wait(ctx.config.webhookRetryDelaysMs[attemptNumber - 2] ?? 0, controller.signal);
      if (!isCurrent()) return;
      // The service's current settings are used, as a re-connect may have changed them.
      const service = ctx.state.services.find((s) => s.uuid === entry.uuid);
      if (!service) {
        entry.delivery_state = "failed";
        entry.transfer_success = false;
        entry.error_message = "The service no longer exists.";
        return;
      }
      const jwt = await createWebhookJwt(ctx.config.clientSecret, {
        uuid: production.uuid,
        custom_data: service.custom_data,
      });
      const result = await sendAttempt(ctx, service.webhook_url, jwt, controller.signal, {
        delivery,
        attempt: attemptNumber,
      });
      if (!isCurrent()) return;
      entry.attempts.push(result.attempt);
      ctx.log(
        `webhook ${production.uuid} -> ${service.webhook_url} attempt ${attemptNumber}: ${result.attempt.http_status ?? result.attempt.error}`,
      );
      if (result.success) {
        entry.delivery_state = "delivered";
        entry.transfer_success = true;
        entry.error_message = "";
        entry.result_page = result.resultPageUrl ?? null;
        entry.result_urls = result.resultFileUrl ? [result.resultFileUrl] : [];
        return;
      }
      entry.error_message = `Webhook attempt ${attemptNumber} of ${maxAttempts} failed: ${result.attempt.error}`;
    }
    entry.delivery_state = "failed";
    entry.transfer_success = false;
  };

  run()
    .catch((error: unknown) => {
      entry.delivery_state = "failed";
      entry.transfer_success = false;
      entry.error_message = error instanceof Error ? error.message : String(error);
    })
    .finally(() => ctx.deliveries.delete(handle));
}
