import "server-only";
import { db } from "@/lib/db";
import { cancelScheduledJobs, defineScheduledJob, scheduleJob } from "@/lib/jobs/scheduled-jobs";
import { setEpisodePublished } from "./set-episode-published";

// A scheduled release: the episode (a draft) holds `scheduledAt`, and a scheduled job keyed by episode and time
// publishes it then. The job only acts if the episode still waits for exactly that time, so a release moved (a new
// job under a new key; the old one is cancelled, and would do nothing anyway), cancelled, or published by hand
// meanwhile is never published twice or early. Jobs live in Postgres: a restart in between loses nothing, and a
// worker starting up queues again any release whose job is gone (requeueScheduledReleases).
const KIND = "publish-episode";
const releaseKey = (episodeId: string, at: Date) => `${episodeId}:${at.getTime()}`;

/** Queues the job that publishes `episodeId` at `at`, and cancels its jobs for other times. Safe to repeat. */
export async function queueScheduledRelease(episodeId: string, at: Date): Promise<void> {
  const key = releaseKey(episodeId, at);
  await scheduleJob(KIND, { episodeId, at: at.toISOString() }, at, { key, queue: "releases" });
  await cancelScheduledJobs(KIND, `${episodeId}:`, { exceptKey: key });
}

/** Cancels the episode's pending release jobs (the episode's `scheduledAt` is what counts; this only tidies). */
export async function cancelScheduledReleases(episodeId: string): Promise<void> {
  await cancelScheduledJobs(KIND, `${episodeId}:`);
}

/** The job's work: publishes the episode, dated `at`, if it still waits for `at`. False when it no longer does. */
export async function publishScheduledEpisode(episodeId: string, at: Date): Promise<boolean> {
  const episode = await db.episode.findUnique({ where: { id: episodeId }, select: { userId: true, state: true, scheduledAt: true } });
  if (!episode || episode.state !== "draft" || episode.scheduledAt?.getTime() !== at.getTime()) return false;
  return setEpisodePublished(episode.userId, episodeId, true, { scheduledFor: at });
}

/** At a worker's start: every draft waiting for its release has a pending job (one lost to exhausted retries too). */
export async function requeueScheduledReleases(): Promise<number> {
  const waiting = await db.episode.findMany({ where: { state: "draft", scheduledAt: { not: null } }, select: { id: true, scheduledAt: true } });
  for (const episode of waiting) await scheduleJob(KIND, { episodeId: episode.id, at: episode.scheduledAt!.toISOString() }, episode.scheduledAt!, { key: releaseKey(episode.id, episode.scheduledAt!), queue: "releases" });
  return waiting.length;
}

defineScheduledJob(KIND, async (data) => {
  const at = new Date(typeof data.at === "string" ? data.at : NaN);
  if (typeof data.episodeId !== "string" || Number.isNaN(at.getTime())) throw new Error(`A release job without an episode or time: ${JSON.stringify(data)}`);
  const isPublished = await publishScheduledEpisode(data.episodeId, at);
  console.log(`Scheduled release of ${data.episodeId} for ${at.toISOString()}: ${isPublished ? "published" : "no longer scheduled for that time, nothing done"}.`);
});
