import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { requestAuphonic } from "./request-auphonic";

export type NewProduction = {
  /** A preset of the user's; its settings fill in what is not given here. */
  presetUuid: string | null;
  metadata: { title: string; summary?: string; artist?: string; album?: string; publisher?: string; url?: string; year?: string };
  /** Publishing targets (External Services) the finished production is sent to. */
  outgoingServiceUuids: string[];
};

/**
 * `POST /api/productions.json`: creates a production (not started: it has no audio yet). Empty metadata is left out
 * so a preset's values stay. Field errors come back as AppError BAD_REQUEST with Auphonic's field names.
 */
export async function createProduction(token: string, production: NewProduction): Promise<{ uuid: string }> {
  if (production.presetUuid !== null && !isAuphonicId(production.presetUuid)) throw new AppError("BAD_REQUEST", "This is not an Auphonic preset.", { preset: ["Choose one of your presets."] });
  const metadata = Object.fromEntries(Object.entries(production.metadata).filter(([, value]) => typeof value === "string" && value !== ""));
  const data = await requestAuphonic("api/productions.json", {
    token,
    method: "POST",
    json: {
      ...(production.presetUuid ? { preset: production.presetUuid } : {}),
      metadata,
      outgoing_services: production.outgoingServiceUuids.map((uuid) => ({ uuid })),
    },
  });
  const uuid = typeof data === "object" && data !== null ? (data as Record<string, unknown>).uuid : undefined;
  if (!isAuphonicId(uuid)) throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic did not say which production it created.");
  return { uuid };
}
