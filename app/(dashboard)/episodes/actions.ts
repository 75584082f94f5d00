"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { retryImport } from "@/lib/episodes/retry-import";
import { setEpisodePublished } from "@/lib/episodes/set-episode-published";

const episodeId = z.object({ episodeId: z.string().min(1) });

export const retryImportAction = validatedActionWithUser(episodeId, async ({ episodeId }, user) => {
  await retryImport(user.id, episodeId);
  revalidatePath(`/episodes/${episodeId}`);
  return { ok: true, message: "Import queued again." };
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
