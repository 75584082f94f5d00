import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { requestAuphonic } from "./request-auphonic";

export type AuphonicPreset = { uuid: string; name: string; serviceUuids: string[] };

/**
 * `GET /api/presets.json`: the user's presets, with the publishing targets (outgoing services) each one lists.
 * An entry without a usable uuid is left out; a list that is not a list is AUPHONIC_UNAVAILABLE.
 */
export async function listPresets(token: string): Promise<AuphonicPreset[]> {
  const data = await requestAuphonic("api/presets.json", { token });
  if (!Array.isArray(data)) throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic sent a list of presets that cannot be read.");
  return data.flatMap((entry: unknown) => {
    const preset = parsePreset(entry);
    return preset ? [preset] : [];
  });
}

/** One preset record as Auphonic sends it (`GET /api/preset/{uuid}.json` too), or null when it has no uuid. */
export function parsePreset(entry: unknown): AuphonicPreset | null {
  if (typeof entry !== "object" || entry === null) return null;
  const record = entry as Record<string, unknown>;
  if (!isAuphonicId(record.uuid)) return null;
  const name = typeof record.preset_name === "string" && record.preset_name.trim() !== "" ? record.preset_name.trim().slice(0, 255) : "(unnamed preset)";
  const services = Array.isArray(record.outgoing_services) ? record.outgoing_services : [];
  const serviceUuids = services.flatMap((service: unknown) => {
    const uuid = typeof service === "object" && service !== null ? (service as Record<string, unknown>).uuid : undefined;
    return isAuphonicId(uuid) ? [uuid] : [];
  });
  return { uuid: record.uuid, name, serviceUuids: [...new Set(serviceUuids)] };
}
