"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { CUSTOM_DATA_PRESETS } from "@/lib/connections/custom-data";
import { createConnection } from "@/lib/connections/create-connection";
import { isAppError } from "@/lib/errors";
import { deleteShow } from "@/lib/shows/delete-show";
import { saveShow } from "@/lib/shows/save-show";
import { showInputSchema } from "@/lib/shows/show-input";

function coverFrom(formData: FormData): File | null {
  const cover = formData.get("cover");
  return cover instanceof File && cover.size > 0 ? cover : null;
}

export const createShowAction = validatedActionWithUser(showInputSchema, async (input, user, formData) => {
  const show = await saveShow(user.id, null, input, coverFrom(formData));
  if (formData.get("withConnections") === "on") {
    try {
      for (const [preset, suffix] of [["publish", "Publish Now"], ["draft", "Draft"]] as const) {
        const customData = JSON.stringify(CUSTOM_DATA_PRESETS[preset].value);
        await createConnection(user.id, show.id, { displayName: `${show.title} - ${suffix}`, customData });
      }
    } catch (error) {
      const reason = isAppError(error, "AUPHONIC_UNAUTHORIZED") ? "reconnect" : "failed";
      if (!isAppError(error)) console.error(error);
      redirect(`/shows/${show.id}?setup=${reason}`);
    }
  }
  redirect(`/shows/${show.id}?saved=created`);
});

export const updateShowAction = validatedActionWithUser(showInputSchema.extend({ showId: z.string().min(1) }), async (input, user, formData) => {
  const { showId, ...show } = input;
  await saveShow(user.id, showId, show, coverFrom(formData));
  redirect(`/shows/${showId}?saved=updated`);
});

export const deleteShowAction = validatedActionWithUser(z.object({ showId: z.string().min(1) }), async ({ showId }, user) => {
  await deleteShow(user.id, showId);
  redirect("/dashboard?deleted=show");
});
