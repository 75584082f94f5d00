import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getShowForUserOrThrow } from "./get-show-for-user";

/** For pages: the user's show, or the 404 page. */
export async function getShowOr404(userId: string, showId: string) {
  try {
    return await getShowForUserOrThrow(userId, showId);
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  }
}
