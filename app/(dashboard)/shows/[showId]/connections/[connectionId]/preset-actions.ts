"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { setConnectionPresets } from "@/lib/produce/set-connection-presets";

export const setConnectionPresetsAction = validatedActionWithUser(
  z.object({ showId: z.string().min(1), connectionId: z.string().min(1) }),
  async ({ showId, connectionId }, user, formData) => {
    // Checked boxes arrive as repeated `preset` fields; anything that is not one of the user's presets is ignored.
    const chosen = formData.getAll("preset").filter((value): value is string => typeof value === "string").slice(0, 1000);
    const { added, removed } = await setConnectionPresets(user.id, connectionId, chosen);
    revalidatePath(`/shows/${showId}/connections/${connectionId}`);
    const changes = [added > 0 && `added to ${added} preset${added === 1 ? "" : "s"}`, removed > 0 && `removed from ${removed}`].filter(Boolean);
    return { ok: true, message: changes.length > 0 ? `Saved: this connection was ${changes.join(" and ")}.` : "Saved: nothing needed to change." };
  },
);
