import "server-only";
import { consumeRateLimit } from "@/lib/quotas/consume-rate-limit";

// Refused deliveries are logged so a creator can see why Auphonic's calls failed; anyone can send them, so each
// client address gets REFUSALS_PER_MINUTE logged refusals, and is answered 429, unlogged, beyond that. Genuine
// deliveries are never limited. Counted in Postgres: every web process shares one budget per address.
const REFUSALS_PER_MINUTE = 30;
const refusalLimit = { name: "webhook-refusals", points: REFUSALS_PER_MINUTE, durationSec: 60 };

/** Counts a refusal for this address; false once it is over its budget for the minute. */
export async function mayLogRefusal(clientAddress: string | null): Promise<boolean> {
  if (clientAddress === null) return true;
  return (await consumeRateLimit(refusalLimit, clientAddress)).isAllowed;
}

/** Webhook requests to paths that are no connection's: counted, never logged (GET /api/health shows it). */
export const unknownWebhookPaths = { count: 0 };
