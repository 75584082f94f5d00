import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { EDITABLE_FIELDS, parseEditedFields, type EpisodeInput } from "./episode-input";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";

/**
 * Saves the creator's title, summary and episode number. Changed fields are remembered in `editedFields`, so
 * a later re-import from Auphonic keeps them (until the creator asks for Auphonic's values again).
 */
export async function updateEpisode(userId: string, input: EpisodeInput): Promise<void> {
  const episode = await getEpisodeForUserOrThrow(userId, input.episodeId);
  const values = { title: input.title, summary: input.summary || null, episodeNumber: input.episodeNumber };
  const changed = EDITABLE_FIELDS.filter((field) => values[field] !== episode[field]);
  const edited = [...new Set([...parseEditedFields(episode.editedFields), ...changed])];
  await db.episode.update({ where: { id: episode.id }, data: { ...values, editedFields: JSON.stringify(edited) } });
  forgetShow(episode.showId);
}
