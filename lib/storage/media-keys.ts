import { createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env.js";
import { encodeKey } from "./media-storage";

// The one place that knows how media keys are made. A key names an object in storage and, under /media/, its URL:
//   shows/<showId>/cover-<sha256 16 hex>.<jpg|png>    a show's cover; a new cover gets a new key
//   episodes/<episodeId>/v<version>-<attempt>/<filename>  an episode's files: each import attempt writes its own
//                                                        folder, so an attempt that fails or loses its job
//                                                        removes what it wrote without touching another's
//   episodes/<episodeId>/artwork-<sha256 16 hex>.<jpg|png>  the creator's uploaded artwork, outside any import
//                                                        version (a re-import keeps it while the edit stands)
//   episodes/<episodeId>/audio                         (URL only) the current enclosure, for result_file_url
// Keys never change content, so they are served as immutable.

const SHOW_COVER = /^shows\/([a-z0-9]+)\/cover-[0-9a-f]{16}\.(jpg|png)$/;
const EPISODE_FILE = /^episodes\/([a-z0-9]+)\/v(\d+)(?:-[0-9a-f]{8})?\/[A-Za-z0-9._-]+$/;
const EPISODE_ALIAS = /^episodes\/([a-z0-9]+)\/audio$/;
const EPISODE_ARTWORK = /^episodes\/([a-z0-9]+)\/artwork-[0-9a-f]{16}\.(jpg|png)$/;

export type ParsedMediaKey =
  | { kind: "show-cover"; showId: string }
  | { kind: "episode-file"; episodeId: string; version: number }
  | { kind: "episode-alias"; episodeId: string };

export function parseMediaKey(key: string): ParsedMediaKey | null {
  const cover = SHOW_COVER.exec(key);
  if (cover) return { kind: "show-cover", showId: cover[1]! };
  const file = EPISODE_FILE.exec(key);
  if (file) return { kind: "episode-file", episodeId: file[1]!, version: Number(file[2]) };
  // Served like the episode's other files (a MediaFile of kind "artwork"); version 0 is no import's.
  const artwork = EPISODE_ARTWORK.exec(key);
  if (artwork) return { kind: "episode-file", episodeId: artwork[1]!, version: 0 };
  const alias = EPISODE_ALIAS.exec(key);
  if (alias) return { kind: "episode-alias", episodeId: alias[1]! };
  return null;
}

export const showCoverKey = (showId: string, hash: string, extension: string) => `shows/${showId}/cover-${hash}.${extension}`;
export const showPrefix = (showId: string) => `shows/${showId}/`;
export const episodePrefix = (episodeId: string) => `episodes/${episodeId}/`;
export const episodeArtworkKey = (episodeId: string, hash: string, extension: string) => `episodes/${episodeId}/artwork-${hash}.${extension}`;
export const episodeAudioAliasKey = (episodeId: string) => `episodes/${episodeId}/audio`;

/** The start of every attempt folder of one version: what a new attempt, or a final failure, clears. */
export const importVersionAttempts = (episodeId: string, version: number) => `episodes/${episodeId}/v${version}-`;

/** The folder one attempt at an episode's `version` writes to; `tag` (8 hex) tells attempts apart, random by default. */
export function episodeVersionFolder(episodeId: string, version: number, tag = randomBytes(4).toString("hex")): string {
  return `episodes/${episodeId}/v${version}-${tag}/`;
}

/** The folder an import attempt writes to: the version it makes, and a tag of the attempt (job and its start). */
export function importAttemptPrefix(episodeId: string, version: number, attempt: { jobId: string; fence: string }): string {
  return episodeVersionFolder(episodeId, version, createHash("sha256").update(`${attempt.jobId}:${attempt.fence}`).digest("hex").slice(0, 8));
}

/** The URL a key is published at: always on our domain, so the app decides (and later counts) every download. */
export function mediaUrl(key: string): string {
  return `${env.appUrl}/media/${encodeKey(key)}`;
}
