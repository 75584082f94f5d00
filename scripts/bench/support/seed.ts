// Rows a bench needs, written straight through Prisma. Imports lib/db, so a bench imports this module only
// dynamically, after prepareBenchEnvironment has set DATABASE_URL.
import { randomBytes, randomUUID } from "node:crypto";
import { encryptSecret } from "@/lib/crypto/encrypt-secret";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";

export { db };

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Lowercase letters and digits, the shape of the app's cuid ids (media keys accept only these). */
export function createId(): string {
  return `b${randomBytes(12).toString("hex")}`;
}

/** Auphonic's production uuid shape: 22 letters and digits. */
export function createProductionUuid(): string {
  const bytes = randomBytes(22);
  return Array.from(bytes, (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");
}

export async function seedUser(options: { username?: string; auphonicToken?: string } = {}) {
  const username = options.username ?? "alice";
  return db.user.create({
    data: {
      auphonicUserId: `bench-${username}`,
      username,
      email: `${username}@example.com`,
      auphonicTokenCipher: options.auphonicToken ? encryptSecret(options.auphonicToken, env.tokenEncryptionKey) : null,
    },
  });
}

/** A show; its podcast:guid is left for the app to assign, as it does for shows that predate it. */
export async function seedShow(userId: string, slug: string, title: string) {
  return db.show.create({
    data: {
      userId,
      slug,
      title,
      description: `${title}: conversations about the history of everyday things, recorded for the benchmarks.`,
      author: "Podhaven Bench",
      ownerName: "Bench Owner",
      ownerEmail: "owner@example.com",
      language: "en",
      category: "History",
    },
  });
}

export async function seedConnection(userId: string, showId: string, customData = '{"publishState":"draft"}') {
  return db.connection.create({
    data: { userId, showId, displayName: "Bench", customData, webhookSecret: randomBytes(32).toString("base64url") },
  });
}

type EpisodeSeed = { audioFilename?: string; audioSize?: number; withChapters?: boolean };

/**
 * `count` published, imported episodes, newest first by publishedAt, each with an MP3 enclosure, an M4A
 * alternate and a VTT transcript row (media rows only: the files themselves are written by the bench).
 */
export async function seedPublishedEpisodes(show: { id: string; userId: string }, count: number, seed: EpisodeSeed = {}) {
  const now = Date.now();
  const episodes = Array.from({ length: count }, (_, index) => {
    const number = count - index;
    return {
      id: createId(),
      userId: show.userId,
      showId: show.id,
      productionUuid: createProductionUuid(),
      guid: randomUUID(),
      state: "published",
      importState: "ready",
      title: `Episode ${number}: the story of thing number ${number}`,
      subtitle: `A short look at thing number ${number}.`,
      summary: `In episode ${number} we follow thing number ${number} from its invention to today, with listener questions at the end.`,
      tags: JSON.stringify(["history", "bench"]),
      episodeNumber: number,
      durationSec: 1500 + index,
      chapters: seed.withChapters === false ? "[]" : JSON.stringify([
        { title: "Introduction", startSec: 0, url: null, imageKey: null },
        { title: "Listener questions", startSec: 1200, url: null, imageKey: null },
      ]),
      audioVersion: 1,
      publishedAt: new Date(now - index * 7 * 24 * 3600_000),
    };
  });
  await db.episode.createMany({ data: episodes });
  const audioFilename = seed.audioFilename ?? "episode.mp3";
  await db.mediaFile.createMany({
    data: episodes.flatMap((episode) => [
      { episodeId: episode.id, kind: "audio", format: "mp3", key: `episodes/${episode.id}/v1/${audioFilename}`, filename: audioFilename, contentType: "audio/mpeg", size: seed.audioSize ?? 24_000_000, bitrate: 128, isEnclosure: true },
      { episodeId: episode.id, kind: "audio", format: "aac", key: `episodes/${episode.id}/v1/episode.m4a`, filename: "episode.m4a", contentType: "audio/mp4", size: 23_000_000, bitrate: 96, isEnclosure: false },
      { episodeId: episode.id, kind: "transcript", format: "subtitle", key: `episodes/${episode.id}/v1/episode.vtt`, filename: "episode.vtt", contentType: "text/vtt; charset=utf-8", size: 40_000, bitrate: null, isEnclosure: false },
    ]),
  });
  return episodes;
}
