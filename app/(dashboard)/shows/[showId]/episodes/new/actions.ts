"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { EPISODE_TEXT_LIMITS } from "@/lib/episodes/episode-input";
import { produceWithAuphonic } from "@/lib/produce/produce-with-auphonic";
import { publishUpload } from "@/lib/uploads/publish-upload";

const newEpisodeSchema = z.object({
  showId: z.string().min(1),
  uploadId: z.string().trim().min(1, "Choose an audio file and wait until it is uploaded.").max(100),
  title: z.string(),
  // Twice the limit: browsers send line breaks as CRLF, which publishUpload counts as one character when it checks.
  summary: z.string().max(2 * EPISODE_TEXT_LIMITS.summary, `At most ${EPISODE_TEXT_LIMITS.summary.toLocaleString("en")} characters.`),
  connectionId: z.string().min(1, "Choose a connection.").max(100),
  mode: z.enum(["publish", "produce"], { error: "Choose how to publish it." }),
  presetUuid: z.string().max(100).optional(),
  browserTimeZone: z.string().max(64).optional(),
});

/** "New episode": the uploaded file published as it is, or produced with Auphonic (then its status page). */
export const newEpisodeAction = validatedActionWithUser(newEpisodeSchema, async (input, user) => {
  if (input.mode === "publish") {
    const { episodeId } = await publishUpload(user.id, input);
    redirect(`/episodes/${episodeId}?saved=uploaded`);
  }
  const { productionUuid } = await produceWithAuphonic({ ...input, userId: user.id, presetUuid: input.presetUuid || null });
  redirect(`/auphonic/productions/${productionUuid}`);
});
