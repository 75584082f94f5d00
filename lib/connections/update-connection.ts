import "server-only";
import { db } from "@/lib/db";
import type { ConnectionInput } from "./connection-input";
import { getConnectionForUserOrThrow } from "./get-connection-for-user";
import { assertDisplayNameFree } from "./assert-display-name-free";
import { registerConnection } from "./register-connection";

/** Re-registers under the (possibly new) name. A rename leaves the old target in Auphonic: `renamedFrom` says so. */
export async function updateConnection(userId: string, connectionId: string, input: ConnectionInput) {
  const connection = await getConnectionForUserOrThrow(userId, connectionId);
  await assertDisplayNameFree(userId, input.displayName, connectionId);
  const registration = await registerConnection(userId, { ...input, webhookSecret: connection.webhookSecret });
  const renamed = connection.displayName !== input.displayName;
  await db.connection.update({
    where: { id: connectionId },
    data: {
      ...input,
      ...registration,
      auphonicServiceUuid: renamed ? registration.auphonicServiceUuid : (registration.auphonicServiceUuid ?? connection.auphonicServiceUuid),
    },
  });
  return { renamedFrom: renamed ? connection.displayName : null };
}
