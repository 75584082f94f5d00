import "server-only";
import { sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import { scheduleReconciliation } from "./schedule-reconciliation";

/**
 * Workers at start: a pending reconciliation for every creator with a working token who has none, each at a
 * random moment within the next AUPHONIC_RECONCILE_MS so that a restart does not send every creator's list
 * request to Auphonic at once. Returns how many were scheduled.
 */
export async function scheduleAllReconciliations(): Promise<number> {
  const users = await sql.query<{ id: string }>(`SELECT id FROM "User" WHERE "auphonicTokenCipher" IS NOT NULL AND NOT "auphonicTokenInvalid" ORDER BY id`);
  let scheduled = 0;
  for (const user of users) {
    if (await scheduleReconciliation(user.id, { at: new Date(Date.now() + Math.random() * env.auphonicReconcileMs) })) scheduled++;
  }
  return scheduled;
}
