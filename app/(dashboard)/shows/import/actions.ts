"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { AppError } from "@/lib/errors";
import { checkOldFeedRedirect } from "@/lib/move-in/check-old-feed-redirect";
import { previewMoveIn } from "@/lib/move-in/preview-move-in";
import { retryMoveIn } from "@/lib/move-in/retry-move-in";
import { moveInConfirmationSchema, startMoveIn } from "@/lib/move-in/start-move-in";
import { verifyMoveIn } from "@/lib/move-in/verify-move-in";

export const previewMoveInAction = validatedActionWithUser(z.object({ feedUrl: z.string().max(2000, "At most 2000 characters.").optional() }), async ({ feedUrl }, user, formData) => {
  const file = formData.get("feedFile");
  const url = feedUrl?.trim() ?? "";
  if (file instanceof File && file.size > 0) {
    const { moveInId } = await previewMoveIn(user.id, { kind: "upload", bytes: new Uint8Array(await file.arrayBuffer()) });
    redirect(`/shows/import/${moveInId}`);
  }
  if (!url) throw new AppError("BAD_REQUEST", "Paste the feed's address, or choose its file.", { feedUrl: ["Paste the feed's address, or choose its file below."] });
  const { moveInId } = await previewMoveIn(user.id, { kind: "url", url });
  redirect(`/shows/import/${moveInId}`);
});

export const confirmMoveInAction = validatedActionWithUser(moveInConfirmationSchema, async (input, user) => {
  await startMoveIn(user.id, input);
  redirect(`/shows/import/${input.moveInId}`);
});

export const checkOldFeedRedirectAction = validatedActionWithUser(z.object({ moveInId: z.string().min(1) }), async ({ moveInId }, user) => {
  const result = await checkOldFeedRedirect(user.id, moveInId);
  return { ok: result.outcome === "redirected" || result.outcome === "new-feed-url", message: result.message };
});

export const retryMoveInAction = validatedActionWithUser(z.object({ moveInId: z.string().min(1) }), async ({ moveInId }, user) => {
  const count = await retryMoveIn(user.id, moveInId);
  revalidatePath(`/shows/import/${moveInId}`);
  return { ok: true, message: `${count} episode${count === 1 ? "" : "s"} queued again.` };
});

export const verifyMoveInAction = validatedActionWithUser(z.object({ moveInId: z.string().min(1) }), async ({ moveInId }, user) => {
  await verifyMoveIn(user.id, moveInId);
  redirect(`/shows/import/${moveInId}?verified=1`);
});
