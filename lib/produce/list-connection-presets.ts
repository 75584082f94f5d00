import "server-only";
import { listPresets } from "@/lib/auphonic/list-presets";
import { getConnectionForUserOrThrow } from "@/lib/connections/get-connection-for-user";
import { isAppError } from "@/lib/errors";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";

export type ConnectionPresets =
  | { ok: true; presets: { uuid: string; name: string; isTarget: boolean }[]; isRegistered: boolean }
  | { ok: false; message: string; needsReconnect: boolean };

/**
 * The user's Auphonic presets, each marked when it lists this connection as a publishing target. Auphonic's
 * failures become a message for the page (the rest of it still renders).
 */
export async function listConnectionPresets(userId: string, connectionId: string): Promise<ConnectionPresets> {
  const connection = await getConnectionForUserOrThrow(userId, connectionId);
  try {
    const presets = await listPresets(await getAuphonicTokenOrThrow(userId));
    const serviceUuid = connection.auphonicServiceUuid;
    return {
      ok: true,
      isRegistered: serviceUuid !== null,
      presets: presets.map((preset) => ({ uuid: preset.uuid, name: preset.name, isTarget: serviceUuid !== null && preset.serviceUuids.includes(serviceUuid) })),
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const needsReconnect = isAppError(error, "AUPHONIC_UNAUTHORIZED");
    if (needsReconnect) await markAuphonicTokenInvalid(userId);
    return { ok: false, message: `Your Auphonic presets could not be read: ${error.message}`, needsReconnect };
  }
}
