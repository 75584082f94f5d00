import "server-only";
import { addServiceToPresets } from "@/lib/auphonic/add-service-to-presets";
import { listPresets } from "@/lib/auphonic/list-presets";
import { removeServiceFromPresets } from "@/lib/auphonic/remove-service-from-presets";
import { getConnectionForUserOrThrow } from "@/lib/connections/get-connection-for-user";
import { AppError, isAppError } from "@/lib/errors";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";

/**
 * Makes exactly the chosen presets list this connection as a publishing target: added where chosen, removed where
 * not, every preset's other targets kept. Uuids that are not among the user's presets are ignored (a tampered form
 * cannot reach someone else's). Returns how many presets changed.
 */
export async function setConnectionPresets(userId: string, connectionId: string, chosenPresetUuids: string[]): Promise<{ added: number; removed: number }> {
  const connection = await getConnectionForUserOrThrow(userId, connectionId);
  const serviceUuid = connection.auphonicServiceUuid;
  if (!serviceUuid) {
    throw new AppError("BAD_REQUEST", "Auphonic did not tell Podhaven this connection's service id, so presets cannot list it. Save the connection again, then retry.");
  }
  try {
    const token = await getAuphonicTokenOrThrow(userId);
    const presets = await listPresets(token);
    const chosen = new Set(chosenPresetUuids);
    const toAdd = presets.filter((preset) => chosen.has(preset.uuid) && !preset.serviceUuids.includes(serviceUuid)).map((preset) => preset.uuid);
    const toRemove = presets.filter((preset) => !chosen.has(preset.uuid) && preset.serviceUuids.includes(serviceUuid)).map((preset) => preset.uuid);
    await addServiceToPresets(token, serviceUuid, toAdd);
    await removeServiceFromPresets(token, serviceUuid, toRemove);
    return { added: toAdd.length, removed: toRemove.length };
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) await markAuphonicTokenInvalid(userId);
    throw error;
  }
}
