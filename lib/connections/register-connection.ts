import "server-only";
import { connectService } from "@/lib/auphonic/connect-service";
import { AppError, isAppError } from "@/lib/errors";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { markAuphonicTokenInvalid } from "@/lib/users/mark-auphonic-token-invalid";
import { webhookUrlFor } from "./webhook-url";

type Registration = { displayName: string; customData: string; webhookSecret: string };

/**
 * Registers the connection with Auphonic (connect.json upserts by display name) before anything is saved,
 * so a failure leaves nothing half-done. Returns what to store on the connection.
 */
export async function registerConnection(userId: string, registration: Registration) {
  const webhookUrl = webhookUrlFor(registration.webhookSecret);
  const token = await getAuphonicTokenOrThrow(userId);
  try {
    const { serviceUuid } = await connectService(token, {
      displayName: registration.displayName,
      webhookUrl,
      customData: registration.customData,
    });
    return { auphonicServiceUuid: serviceUuid, registeredAt: new Date(), registeredWebhookUrl: webhookUrl };
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) await markAuphonicTokenInvalid(userId);
    if (isAppError(error, "AUPHONIC_UNAVAILABLE")) {
      throw new AppError("AUPHONIC_UNAVAILABLE", `${error.message} Nothing was saved; press Save again to retry.`);
    }
    throw error;
  }
}

