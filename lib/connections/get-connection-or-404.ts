import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getConnectionForUserOrThrow } from "./get-connection-for-user";

/** For pages: the user's live connection under this show, or the 404 page. */
export async function getConnectionOr404(userId: string, showId: string, connectionId: string) {
  try {
    const connection = await getConnectionForUserOrThrow(userId, connectionId);
    if (connection.showId !== showId) notFound();
    return connection;
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  }
}
