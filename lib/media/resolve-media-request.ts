import "server-only";
import { getSessionUser } from "@/lib/auth";
import { db } from "@/lib/db";
import { contentTypeFor } from "./content-type";
import { mediaUrl, resolveMediaKey } from "./local-storage";

export type MediaTarget =
  | { kind: "file"; path: string; contentType: string; cacheControl: string; cors: boolean }
  | { kind: "redirect"; location: string }
  | { kind: "not-found" };

const SHOW_COVER = /^shows\/[a-z0-9]+\/cover-[0-9a-f]{16}\.(jpg|png)$/;
const EPISODE_ALIAS = /^episodes\/([a-z0-9]+)\/audio$/;
const EPISODE_FILE = /^episodes\/([a-z0-9]+)\/v\d+\/[A-Za-z0-9._-]+$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * What a /media/<key> URL serves. Versioned keys are immutable; drafts' media only to their owner; the
 * `episodes/<id>/audio` alias (the webhook's result_file_url) redirects to the current enclosure.
 */
export async function resolveMediaRequest(key: string): Promise<MediaTarget> {
  const publicFile = await resolvePublicMediaKey(key);
  if (publicFile) return { kind: "file", ...publicFile };
  const alias = EPISODE_ALIAS.exec(key);
  if (alias) {
    const episode = await db.episode.findUnique({
      where: { id: alias[1] },
      select: { state: true, userId: true, files: { where: { isEnclosure: true }, select: { key: true } } },
    });
    const enclosure = episode?.files[0];
    if (!episode || !enclosure || !(await canRead(episode))) return { kind: "not-found" };
    return { kind: "redirect", location: mediaUrl(enclosure.key) };
  }
  // Not public: a draft's file, for its owner only, never cached or shared.
  if (EPISODE_FILE.test(key)) {
    const file = await db.mediaFile.findUnique({
      where: { key },
      select: { contentType: true, episode: { select: { state: true, userId: true } } },
    });
    if (!file || !(await canRead(file.episode))) return { kind: "not-found" };
    return { kind: "file", path: resolveMediaKey(key), contentType: file.contentType, cacheControl: "private, no-store", cors: false };
  }
  return { kind: "not-found" };
}

/** A file anyone may read (show cover, file of a published episode), without looking at the session. */
export async function resolvePublicMediaKey(key: string): Promise<{ path: string; contentType: string; cacheControl: string; cors: boolean } | null> {
  if (SHOW_COVER.test(key)) return { path: resolveMediaKey(key), contentType: contentTypeFor(key), cacheControl: IMMUTABLE, cors: true };
  if (!EPISODE_FILE.test(key)) return null;
  // Every enclosure download and range probe passes here. Prisma's JS engine compiles each findUnique anew,
  // which costs several times the indexed lookup itself (npm run bench:media, docs/benchmarks.md).
  const [file] = await db.$queryRaw<{ contentType: string }[]>`
    SELECT f."contentType" FROM "MediaFile" f JOIN "Episode" e ON e.id = f."episodeId"
    WHERE f.key = ${key} AND e.state = 'published'`;
  if (!file) return null;
  return { path: resolveMediaKey(key), contentType: file.contentType, cacheControl: IMMUTABLE, cors: true };
}

async function canRead(episode: { state: string; userId: string }): Promise<boolean> {
  if (episode.state === "published") return true;
  return (await getSessionUser())?.id === episode.userId;
}
