"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { deleteEpisode } from "@/lib/episodes/delete-episode";
import { episodeInputSchema, scheduleInputSchema } from "@/lib/episodes/episode-input";
import { retryImport } from "@/lib/episodes/retry-import";
import { cancelEpisodeRelease, scheduleEpisodeRelease } from "@/lib/episodes/schedule-episode-release";
import { setEpisodePublished } from "@/lib/episodes/set-episode-published";
import { updateEpisode } from "@/lib/episodes/update-episode";
import { formatInTimeZone } from "@/lib/users/time-zone";

const episodeId = z.object({ episodeId: z.string().min(1) });

export const retryImportAction = validatedActionWithUser(episodeId, async ({ episodeId }, user) => {
  await retryImport(user.id, episodeId);
  revalidatePath(`/episodes/${episodeId}`);
  return { ok: true, message: "Import queued again." };
});

export const takeAuphonicValuesAction = validatedActionWithUser(episodeId, async ({ episodeId }, user) => {
  await retryImport(user.id, episodeId, { takeAuphonicValues: true });
  revalidatePath(`/episodes/${episodeId}`);
  return { ok: true, message: "Your edits were dropped; the import runs again with Auphonic’s values." };
});

export const updateEpisodeAction = validatedActionWithUser(episodeInputSchema, async (input, user, formData) => {
  const artwork = formData.get("cover");
  await updateEpisode(user.id, input, artwork instanceof File && artwork.size > 0 ? artwork : null);
  revalidatePath(`/episodes/${input.episodeId}`);
  return { ok: true, message: "Saved. A re-import from Auphonic keeps these edits." };
});

export const scheduleEpisodeAction = validatedActionWithUser(scheduleInputSchema, async (input, user) => {
  const { at, timeZone } = await scheduleEpisodeRelease(user.id, input);
  revalidatePath(`/episodes/${input.episodeId}`);
  return { ok: true, message: `Scheduled: the episode is published on ${formatInTimeZone(at, timeZone)}.` };
});

export const cancelScheduleAction = validatedActionWithUser(episodeId, async ({ episodeId }, user) => {
  await cancelEpisodeRelease(user.id, episodeId);
  revalidatePath(`/episodes/${episodeId}`);
  return { ok: true, message: "The scheduled release is cancelled: the episode stays a draft." };
});

export const deleteEpisodeAction = validatedActionWithUser(episodeId, async ({ episodeId }, user) => {
  const { showId } = await deleteEpisode(user.id, episodeId);
  redirect(`/shows/${showId}?deleted=episode`);
});

export const publishEpisodeAction = validatedActionWithUser(episodeId, async ({ episodeId }, user) => {
  await setEpisodePublished(user.id, episodeId, true);
  revalidatePath(`/episodes/${episodeId}`);
  return { ok: true, message: "Published: the episode is now in the feed and on its public page." };
});

export const unpublishEpisodeAction = validatedActionWithUser(episodeId, async ({ episodeId }, user) => {
  await setEpisodePublished(user.id, episodeId, false);
  revalidatePath(`/episodes/${episodeId}`);
  return { ok: true, message: "Unpublished: the episode is a draft again." };
});
