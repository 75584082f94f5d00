import "server-only";
import { db } from "@/lib/db";
import { getShowForUserOrThrow } from "@/lib/shows/get-show-for-user";
import { claimDisplayName } from "./claim-display-name";
import type { ConnectionInput } from "./connection-input";
import { registerConnection } from "./register-connection";
import { createWebhookSecret } from "./webhook-url";

/**
 * Claims the name in the database first, then registers with Auphonic (which merges same-named targets, so a
 * name must never be registered twice); a failed registration removes the claim again.
 */
export async function createConnection(userId: string, showId: string, input: ConnectionInput) {
  await getShowForUserOrThrow(userId, showId);
  const webhookSecret = createWebhookSecret();
  const claimed = await claimDisplayName(() => db.connection.create({ data: { userId, showId, ...input, webhookSecret } }));
  try {
    const registration = await registerConnection(userId, { ...input, webhookSecret });
    return await db.connection.update({ where: { id: claimed.id }, data: registration });
  } catch (error) {
    await db.connection.delete({ where: { id: claimed.id } });
    throw error;
  }
}
