import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";

// Refused deliveries are logged so a creator can see why Auphonic's calls failed; anyone can send them, so each
// client address gets REFUSALS_PER_MINUTE logged refusals, and is answered 429, unlogged, beyond that. Genuine
// deliveries are never limited. Per process: N web processes allow N times as many.
const REFUSALS_PER_MINUTE = 30;
const limiter = new RateLimiterMemory({ points: REFUSALS_PER_MINUTE, duration: 60 });

/** Counts a refusal for this address; false once it is over its budget for the minute. */
export async function mayLogRefusal(clientAddress: string | null): Promise<boolean> {
  if (clientAddress === null) return true;
  try {
    await limiter.consume(clientAddress);
    return true;
  } catch {
    return false;
  }
}

/** Webhook requests to paths that are no connection's: counted, never logged (GET /api/health shows it). */
export const unknownWebhookPaths = { count: 0 };
