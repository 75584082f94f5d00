import "server-only";
import { db } from "@/lib/db";
import { getShowForUserOrThrow } from "@/lib/shows/get-show-for-user";
import type { ConnectionInput } from "./connection-input";
import { assertDisplayNameFree } from "./assert-display-name-free";
import { registerConnection } from "./register-connection";
import { createWebhookSecret } from "./webhook-url";

export async function createConnection(userId: string, showId: string, input: ConnectionInput) {
  await getShowForUserOrThrow(userId, showId);
  await assertDisplayNameFree(userId, input.displayName);
  const webhookSecret = createWebhookSecret();
  const registration = await registerConnection(userId, { ...input, webhookSecret });
  return db.connection.create({ data: { userId, showId, ...input, webhookSecret, ...registration } });
}
