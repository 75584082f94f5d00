import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { changePresetServices } from "./change-preset-services";

/**
 * Makes a publishing target (an External Service, e.g. a Podhaven connection) part of each preset, keeping the
 * targets the presets already list. One preset after the other: a failure leaves the earlier ones changed, and
 * running it again is harmless.
 */
export async function addServiceToPresets(token: string, serviceUuid: string, presetUuids: string[]): Promise<void> {
  if (!isAuphonicId(serviceUuid)) throw new AppError("BAD_REQUEST", "This connection has no Auphonic service id.");
  for (const presetUuid of new Set(presetUuids)) {
    await changePresetServices(token, presetUuid, (current) => [...current, serviceUuid]);
  }
}
