import "server-only";
import { db } from "@/lib/db";
import { getConnectionForUserOrThrow } from "./get-connection-for-user";
import { registerConnection } from "./register-connection";
import { createWebhookSecret } from "./webhook-url";

/** A new webhook URL, registered under the same name; the old URL stops being accepted. */
export async function rotateConnectionSecret(userId: string, connectionId: string): Promise<void> {
  const connection = await getConnectionForUserOrThrow(userId, connectionId);
  const webhookSecret = createWebhookSecret();
  const registration = await registerConnection(userId, {
    displayName: connection.displayName,
    customData: connection.customData,
    webhookSecret,
  });
  await db.connection.update({
    where: { id: connectionId },
    data: { webhookSecret, ...registration, auphonicServiceUuid: registration.auphonicServiceUuid ?? connection.auphonicServiceUuid },
  });
}
