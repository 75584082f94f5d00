import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { claimMoveInSlot } from "@/lib/quotas/claim-move-in-slot";
import { APPLE_CATEGORY_VALUES } from "@/lib/shows/apple-categories";
import { saveShow } from "@/lib/shows/save-show";
import { showInputSchema, slugify } from "@/lib/shows/show-input";
import { claimMovedInShow, recordClaimRefusal } from "./claim-moved-in-show";
import { findGuidConflict } from "./find-guid-conflict";
import { getMoveInForUserOrThrow } from "./get-move-in-for-user";
import { MOVE_IN_COVER_JOB, MOVE_IN_EPISODE_JOB } from "./move-in-job-kinds";
import type { OldShow } from "./parse-old-feed";

/** What the creator confirms or corrects on the preview; the rest comes from the old feed. */
export const moveInConfirmationSchema = z.object({
  moveInId: z.string().min(1),
  slug: z.string(),
  ownerEmail: z.string(),
  category: z.string(),
});
export type MoveInConfirmation = z.infer<typeof moveInConfirmationSchema>;

/** The show fields the old feed gives, as the new-show form would take them (the creator confirms slug, email, category). */
export function showDefaultsOf(show: OldShow) {
  const combined = show.subcategory ? `${show.category} > ${show.subcategory}` : show.category;
  const category = [combined, show.category].find((value) => value && APPLE_CATEGORY_VALUES.includes(value)) ?? "Society & Culture";
  return { slug: slugify(show.title), ownerEmail: show.ownerEmail, category };
}

/**
 * The creator confirmed: creates the show, one item per episode, and a job per episode plus one for the cover
 * (lib/move-in/move-in-jobs.ts). Each episode appears once its media is copied, with its old date and guid. The
 * show is a draft that holds no podcast:guid and publishes nothing until the creator has proven control of the old
 * feed (lib/move-in/verify-move-in.ts); a locked feed (podcast:locked yes) is not copied at all before that proof.
 */
export async function startMoveIn(userId: string, confirmation: MoveInConfirmation): Promise<{ showId: string }> {
  const moveIn = await getMoveInForUserOrThrow(userId, confirmation.moveInId);
  if (moveIn.state !== "preview") throw new AppError("BAD_REQUEST", "This move-in has already started.");
  const { show: old, episodes } = moveIn.plan;
  const input = showInputSchema.safeParse({
    title: oneLine(old.title).slice(0, 255),
    slug: confirmation.slug,
    // Plain text within the form's limits already (lib/move-in/fit-form-limits.ts).
    description: (multiline(old.description) || oneLine(old.title)).slice(0, 4000),
    author: oneLine(old.author || old.ownerName || "Unknown").slice(0, 255),
    ownerName: oneLine(old.ownerName || old.author || "Unknown").slice(0, 255),
    ownerEmail: confirmation.ownerEmail,
    language: /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(old.language) ? old.language : "en",
    category: confirmation.category,
    explicit: old.explicit,
    type: old.type,
    link: old.link ?? "",
  });
  if (!input.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of input.error.issues) {
      const field = String(issue.path[0] ?? "form");
      // Fields the creator cannot edit here are the old feed's: say so on the form.
      const key = ["slug", "ownerEmail", "category"].includes(field) ? field : "form";
      (fieldErrors[key] ??= []).push(key === "form" ? `The old feed's ${field}: ${issue.message}` : issue.message);
    }
    throw new AppError("BAD_REQUEST", "Please correct the fields marked below.", fieldErrors);
  }
  if (old.isLocked && !moveIn.verifiedAt) {
    throw new AppError("BAD_REQUEST", "The old feed is locked (podcast:locked yes): its owner allows no move without proof. Put the code shown above in the old feed and press Verify first.");
  }
  const conflict = old.podcastGuid ? await findGuidConflict(userId, old.podcastGuid) : null;
  if (conflict) throw new AppError("BAD_REQUEST", conflict);
  // Claimed first, so that two confirmations (a double click, two tabs) make one show; one move-in runs at a time.
  const claimed = await db.$transaction(async (tx) => {
    await claimMoveInSlot(tx, userId, moveIn.id);
    return tx.moveIn.updateMany({ where: { id: moveIn.id, userId, state: "preview" }, data: { state: "importing" } });
  });
  if (claimed.count === 0) throw new AppError("BAD_REQUEST", "This move-in has already started.");
  let showId: string;
  try {
    const show = await saveShow(userId, null, input.data, null, { isVerified: false });
    showId = show.id;
  } catch (error) {
    await db.moveIn.update({ where: { id: moveIn.id }, data: { state: "preview" } });
    throw error;
  }
  try {
    await db.$transaction([
      // What was shortened to the forms' limits goes into the report, the show's and each episode's.
      db.moveIn.update({ where: { id: moveIn.id }, data: { showId, showProblems: JSON.stringify([...moveIn.showProblems, ...(old.shortened ?? [])]) } }),
      db.moveInItem.createMany({
        data: episodes.map((episode, position) => ({
          moveInId: moveIn.id,
          // Chosen now: the media is copied under it before the episode exists (lib/storage/media-keys.ts).
          episodeId: randomUUID().replaceAll("-", ""),
          guid: episode.guid,
          title: episode.title.slice(0, 500),
          position,
          warnings: JSON.stringify(episode.shortened ?? []),
        })),
      }),
    ]);
  } catch (error) {
    // Nothing was planned: the show goes and the move-in is a preview again, not the creator's running move-in.
    await db.moveIn.update({ where: { id: moveIn.id }, data: { state: "preview", showId: null } });
    await db.show.delete({ where: { id: showId } }).catch((cleanupError: unknown) => console.error(`Move-in ${moveIn.id}: could not remove show ${showId}:`, cleanupError));
    throw error;
  }
  await queueMoveInJobsOrSettle(moveIn.id);
  if (moveIn.verifiedAt) await claimMovedInShow(moveIn.id).catch((error: unknown) => recordClaimRefusal(moveIn.id, error));
  return { showId };
}

// What the old feed holds, cleaned the way the show form would accept it (no invisible characters; single lines).
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const oneLine = (text: string) => text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
const multiline = (text: string) => text.replace(INVISIBLE, "").replace(/[ \t]+/g, " ").replace(/\n{3,}/g, "\n\n").trim();

/**
 * Queues the move-in's jobs. When the queue cannot take them, its open items fail with the reason and the move-in
 * ends, so it no longer holds the creator's one running move-in and "Try the failed episodes again" queues them.
 */
export async function queueMoveInJobsOrSettle(moveInId: string) {
  try {
    await queueMoveInJobs(moveInId);
  } catch (error) {
    await db.$transaction([
      db.moveInItem.updateMany({ where: { moveInId, state: "queued" }, data: { state: "failed", error: "Podhaven could not queue this episode's copy; try the failed episodes again." } }),
      db.moveIn.updateMany({ where: { id: moveInId, state: "importing" }, data: { state: "done" } }),
    ]);
    throw error;
  }
}

/** A job per item not yet settled, and one for the cover; scheduling again adds nothing (one pending job per key). */
export async function queueMoveInJobs(moveInId: string) {
  const items = await db.moveInItem.findMany({ where: { moveInId, state: { in: ["queued", "importing"] } }, select: { id: true } });
  const now = new Date();
  // Behind every other scheduled job (a release due in five minutes must not wait for a 300-episode move-in).
  await scheduleJob(MOVE_IN_COVER_JOB, { moveInId }, now, { key: moveInId, queue: "moveIn" });
  for (const item of items) await scheduleJob(MOVE_IN_EPISODE_JOB, { itemId: item.id }, now, { key: item.id, queue: "moveIn" });
}
