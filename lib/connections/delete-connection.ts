import "server-only";
import { db } from "@/lib/db";
import { getConnectionForUserOrThrow } from "./get-connection-for-user";

/** Stops accepting the webhook URL (deliveries then answer 410). Auphonic has no API to remove the target. */
export async function deleteConnection(userId: string, connectionId: string) {
  const connection = await getConnectionForUserOrThrow(userId, connectionId);
  await db.connection.update({ where: { id: connectionId }, data: { deletedAt: new Date() } });
  return { showId: connection.showId, displayName: connection.displayName };
}
