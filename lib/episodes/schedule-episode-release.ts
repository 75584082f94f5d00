import "server-only";
import { forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requireVerifiedShow } from "@/lib/shows/require-verified-show";
import { getUserTimeZone } from "@/lib/users/get-user-time-zone";
import { formatInTimeZone, parseLocalDateTime } from "@/lib/users/time-zone";
import type { ScheduleInput } from "./episode-input";
import { getEpisodeForUserOrThrow } from "./get-episode-for-user";
import { cancelScheduledReleases, queueScheduledRelease } from "./publish-scheduled-episode";

const MAX_AHEAD_MS = 2 * 366 * 24 * 60 * 60 * 1000;

/**
 * Sets (or moves) the time a draft is published at, entered in the creator's time zone. The job is queued before
 * the episode records the time: a failure between the two leaves a job that finds nothing to do, never an
 * episode that waits for a job that does not exist.
 */
export async function scheduleEpisodeRelease(userId: string, input: ScheduleInput, now = new Date()): Promise<{ at: Date; timeZone: string }> {
  const episode = await getEpisodeForUserOrThrow(userId, input.episodeId);
  const timeZone = await getUserTimeZone(userId, input.browserTimeZone);
  const fail = (message: string) => new AppError("BAD_REQUEST", message, { publishAt: [message] });
  if (episode.state === "published") throw fail("This episode is already published: unpublish it first to release it again later.");
  if (episode.audioVersion === 0) throw fail("This episode has no audio yet: wait for the import to finish.");
  await requireVerifiedShow(episode.showId, "publishAt");
  const at = parseLocalDateTime(input.publishAt, timeZone);
  if (!at) throw fail(`This date and time does not exist in ${timeZone} (check the day, or a daylight-saving change).`);
  if (at.getTime() <= now.getTime()) throw fail(`This time has passed (it is now ${formatInTimeZone(now, timeZone)}): choose a later one, or publish now.`);
  if (at.getTime() > now.getTime() + MAX_AHEAD_MS) throw fail("Choose a time within the next two years.");
  await queueScheduledRelease(episode.id, at);
  const { count } = await db.episode.updateMany({ where: { id: episode.id, state: "draft" }, data: { scheduledAt: at } });
  if (count === 0) throw fail("This episode was published meanwhile.");
  forgetShow(episode.showId);
  return { at, timeZone };
}

/** The draft stays a draft; its release job finds nothing to do (and is cancelled). */
export async function cancelEpisodeRelease(userId: string, episodeId: string): Promise<void> {
  const episode = await getEpisodeForUserOrThrow(userId, episodeId);
  await db.episode.updateMany({ where: { id: episode.id, state: "draft" }, data: { scheduledAt: null } });
  await cancelScheduledReleases(episode.id);
  forgetShow(episode.showId);
}
