import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { parsePreset } from "./list-presets";
import { requestAuphonic } from "./request-auphonic";

/**
 * Reads one preset and writes its publishing targets back as `change` makes them. Auphonic's update REPLACES the
 * preset's `outgoing_services`, so the list is read first and the others kept. Returns the list Auphonic answered.
 */
export async function changePresetServices(token: string, presetUuid: string, change: (serviceUuids: string[]) => string[]): Promise<string[]> {
  if (!isAuphonicId(presetUuid)) throw new AppError("BAD_REQUEST", "This is not an Auphonic preset.");
  const path = `api/preset/${presetUuid}.json`;
  const current = parsePreset(await requestAuphonic(path, { token }));
  if (!current || current.uuid !== presetUuid) throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic sent a preset that cannot be read.");
  const wanted = [...new Set(change(current.serviceUuids))];
  if (wanted.length === current.serviceUuids.length && wanted.every((uuid) => current.serviceUuids.includes(uuid))) return current.serviceUuids;
  const updated = parsePreset(await requestAuphonic(path, { token, method: "POST", json: { outgoing_services: wanted.map((uuid) => ({ uuid })) } }));
  // Some answers may carry no preset at all: then what was sent is what the preset now lists.
  return updated?.uuid === presetUuid ? updated.serviceUuids : wanted;
}
