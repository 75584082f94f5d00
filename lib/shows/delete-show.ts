import "server-only";
import { db } from "@/lib/db";
import { getShowForUserOrThrow } from "./get-show-for-user";

/** Deletes the show and its connections; their webhook URLs stop being accepted. */
export async function deleteShow(userId: string, showId: string): Promise<void> {
  await getShowForUserOrThrow(userId, showId);
  await db.show.delete({ where: { id: showId } });
}
