import "server-only";
import { db } from "@/lib/db";
import { claimDisplayName } from "./claim-display-name";
import type { ConnectionInput } from "./connection-input";
import { getConnectionForUserOrThrow } from "./get-connection-for-user";
import { registerConnection } from "./register-connection";

/**
 * Re-registers under the (possibly new) name, claimed in the database first and given back if Auphonic refuses.
 * A rename leaves the old target in Auphonic: `renamedFrom` says so.
 */
export async function updateConnection(userId: string, connectionId: string, input: ConnectionInput) {
  const connection = await getConnectionForUserOrThrow(userId, connectionId);
  await claimDisplayName(() => db.connection.update({ where: { id: connectionId }, data: input }));
  let registration;
  try {
    registration = await registerConnection(userId, { ...input, webhookSecret: connection.webhookSecret });
  } catch (error) {
    await db.connection.update({ where: { id: connectionId }, data: { displayName: connection.displayName, customData: connection.customData } });
    throw error;
  }
  const renamed = connection.displayName !== input.displayName;
  await db.connection.update({
    where: { id: connectionId },
    data: {
      ...registration,
      auphonicServiceUuid: renamed ? registration.auphonicServiceUuid : (registration.auphonicServiceUuid ?? connection.auphonicServiceUuid),
    },
  });
  return { renamedFrom: renamed ? connection.displayName : null };
}
