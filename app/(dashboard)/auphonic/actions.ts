"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { checkAuphonicNow } from "@/lib/productions/check-auphonic-now";
import { importProductionIntoShow } from "@/lib/productions/import-production-into-show";
import type { ImportIntoState } from "./_components/import-into-state";

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export const checkAuphonicNowAction = validatedActionWithUser(z.object({}), async (_input, user) => {
  const outcome = await checkAuphonicNow(user.id);
  revalidatePath("/auphonic");
  const parts = [`found ${plural(outcome.newProductions, "new production")}`, `imported ${outcome.imported}`];
  if (outcome.failed > 0) parts.push(`${outcome.failed} failed in Auphonic`);
  if (outcome.inReview > 0) parts.push(`${outcome.inReview} waiting for your review in Auphonic`);
  return { ok: true, message: `Checked Auphonic: ${parts.join(", ")}.` };
});

const importInput = z.object({
  productionUuid: z.string().min(1, "This production has no id."),
  connectionId: z.string().min(1, "Choose a show and connection."),
});

/** "Import into…": the answer names the episode, so the form links to it (and a second click says it is there). */
export async function importIntoShowAction(previous: ImportIntoState, formData: FormData): Promise<ImportIntoState> {
  let episodeId: string | undefined;
  const run = validatedActionWithUser(importInput, async ({ productionUuid, connectionId }, user) => {
    const result = await importProductionIntoShow(user.id, productionUuid, connectionId);
    episodeId = result.episodeId;
    return result.alreadyThere
      ? { ok: false, message: "This production is already an episode of yours; it is not imported twice." }
      : { ok: true, message: "Import queued: the episode appears in a moment." };
  });
  const state = await run(previous, formData);
  return { ...state, episodeId };
}
