import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/** For pages: the user's episode, or the 404 page. */
export async function getEpisodeOr404(userId: string, episodeId: string) {
  try {
    return await getEpisodeForUserOrThrow(userId, episodeId);
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  }
}
