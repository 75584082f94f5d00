import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { changePresetServices } from "./change-preset-services";

/** Takes a publishing target out of each preset, keeping the preset's other targets. */
export async function removeServiceFromPresets(token: string, serviceUuid: string, presetUuids: string[]): Promise<void> {
  if (!isAuphonicId(serviceUuid)) throw new AppError("BAD_REQUEST", "This connection has no Auphonic service id.");
  for (const presetUuid of new Set(presetUuids)) {
    await changePresetServices(token, presetUuid, (current) => current.filter((uuid) => uuid !== serviceUuid));
  }
}
