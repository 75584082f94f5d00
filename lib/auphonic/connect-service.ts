import "server-only";
import { z } from "zod";
import { AUPHONIC_ID } from "./auphonic-id";
import { requestAuphonic } from "./request-auphonic";

export type ConnectServiceInput = { displayName: string; webhookUrl: string; customData: string };

const serviceSchema = z.object({ uuid: z.string().regex(AUPHONIC_ID) });

/**
 * `POST /api/service/connect.json`: registers (or, for the same display name, updates) this host as one of
 * the user's publishing targets. The answer's shape is unknown: the service uuid is returned when present.
 * Field errors come back as AppError BAD_REQUEST with keys `displayName`, `webhookUrl`, `customData`.
 */
export async function connectService(token: string, input: ConnectServiceInput): Promise<{ serviceUuid: string | null }> {
  try {
    const data = await requestAuphonic("api/service/connect.json", {
      token,
      method: "POST",
      json: { display_name: input.displayName, webhook_url: input.webhookUrl, custom_data: input.customData },
    });
    const service = serviceSchema.safeParse(data);
    return { serviceUuid: service.success ? service.data.uuid : null };
  } catch (error) {
    throw renameFieldErrors(error);
  }
}

const FIELD_NAMES: Record<string, string> = {
  display_name: "displayName",
  webhook_url: "webhookUrl",
  custom_data: "customData",
};

function renameFieldErrors(error: unknown): unknown {
  if (typeof error !== "object" || error === null || !("fieldErrors" in error)) return error;
  const fieldErrors = error.fieldErrors as Record<string, string[]>;
  for (const [auphonicName, ourName] of Object.entries(FIELD_NAMES)) {
    if (fieldErrors[auphonicName]) {
      fieldErrors[ourName] = fieldErrors[auphonicName];
      delete fieldErrors[auphonicName];
    }
  }
  return error;
}
