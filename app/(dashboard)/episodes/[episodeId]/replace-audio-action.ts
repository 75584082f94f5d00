"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { replaceEpisodeAudio } from "@/lib/uploads/replace-episode-audio";

/** "Replace audio": the uploaded file becomes the episode's next audio version. */
export const replaceAudioAction = validatedActionWithUser(
  z.object({ episodeId: z.string().min(1).max(100), uploadId: z.string().trim().min(1, "Choose an audio file and wait until it is uploaded.").max(100) }),
  async ({ episodeId, uploadId }, user) => {
    const { audioVersion } = await replaceEpisodeAudio(user.id, episodeId, uploadId);
    revalidatePath(`/episodes/${episodeId}`);
    return { ok: true, message: `Audio replaced (version ${audioVersion}). The previous file stays available for 7 days, for apps that downloaded it.` };
  },
);
