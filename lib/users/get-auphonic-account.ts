import "server-only";
import { getAuphonicUser, type AuphonicUser } from "@/lib/auphonic/get-auphonic-user";
import { isAppError } from "@/lib/errors";
import { getAuphonicTokenOrThrow } from "./get-auphonic-token";
import { markAuphonicTokenInvalid } from "./mark-auphonic-token-invalid";

export type AuphonicAccount =
  | { state: "ok"; user: AuphonicUser }
  | { state: "reconnect" }
  | { state: "unavailable"; message: string };

/** The user's live Auphonic account (username, credits), or why it cannot be shown. */
export async function getAuphonicAccount(userId: string): Promise<AuphonicAccount> {
  try {
    return { state: "ok", user: await getAuphonicUser(await getAuphonicTokenOrThrow(userId)) };
  } catch (error) {
    if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) {
      await markAuphonicTokenInvalid(userId);
      return { state: "reconnect" };
    }
    if (isAppError(error)) return { state: "unavailable", message: error.message };
    throw error;
  }
}
