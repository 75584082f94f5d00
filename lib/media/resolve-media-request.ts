import "server-only";
import { getSessionUser } from "@/lib/auth";
import { db } from "@/lib/db";
import { mediaUrl, parseMediaKey } from "@/lib/storage/media-keys";
import { getStorage } from "@/lib/storage/media-storage";
import { contentTypeFor, isActiveContentKey, servedContentType } from "./content-type";
import { mediaEtag, resolvePublicMedia } from "./media-index";
import { IMMUTABLE } from "./plan-media-response";

export type MediaTarget =
  | { kind: "file"; key: string; size: number; etag: string; lastModified: Date; contentType: string; cacheControl: string; cors: boolean }
  | { kind: "redirect"; location: string }
  | { kind: "not-found" };

// How long a draft's presigned URL (s3 with a public base URL) works: long enough to listen to it once.
const DRAFT_LINK_SECONDS = 15 * 60;

/**
 * What a /media/<key> URL serves, in Next's route (server.ts answers public files before it). Drafts' media only
 * to their owner, never cached; the `episodes/<id>/audio` alias (the webhook's result_file_url) redirects to the
 * current enclosure.
 */
export async function resolveMediaRequest(key: string): Promise<MediaTarget> {
  const storage = await getStorage();
  const parsed = parseMediaKey(key);
  if (!parsed) return { kind: "not-found" };
  const publicFile = await resolvePublicMedia(key);
  if (publicFile) {
    const publicUrl = isActiveContentKey(key) ? null : storage.publicUrl(key);
    if (publicUrl) return { kind: "redirect", location: publicUrl };
    return { kind: "file", ...publicFile, cacheControl: IMMUTABLE, cors: true };
  }
  if (parsed.kind === "episode-alias") {
    const episode = await db.episode.findUnique({
      where: { id: parsed.episodeId },
      select: { state: true, userId: true, show: { select: { isVerified: true } }, files: { where: { isEnclosure: true }, select: { key: true } } },
    });
    const enclosure = episode?.files[0];
    if (!episode || !enclosure || !(await canRead(episode))) return { kind: "not-found" };
    return { kind: "redirect", location: mediaUrl(enclosure.key) };
  }
  // Not public: a draft's file, for its owner only, never cached or shared.
  if (parsed.kind === "episode-file") {
    const file = await db.mediaFile.findUnique({
      where: { key },
      select: { contentType: true, episode: { select: { state: true, userId: true, show: { select: { isVerified: true } } } } },
    });
    if (!file || !(await canRead(file.episode))) return { kind: "not-found" };
    if (!isActiveContentKey(key) && storage.publicUrl(key)) {
      const location = await storage.presignedUrl(key, DRAFT_LINK_SECONDS);
      if (location) return { kind: "redirect", location };
    }
    const stored = await storage.head(key);
    if (!stored) return { kind: "not-found" };
    return { kind: "file", key, ...stored, etag: mediaEtag(key, stored.size), contentType: servedContentType(file.contentType), cacheControl: "private, no-store", cors: false };
  }
  // An unverified moved-in show's cover (not public yet), for its owner's pages.
  if (parsed.kind === "show-cover") {
    const show = await db.show.findUnique({ where: { id: parsed.showId }, select: { userId: true, coverPath: true } });
    if (!show || show.coverPath !== key || (await getSessionUser())?.id !== show.userId) return { kind: "not-found" };
    const stored = await storage.head(key);
    if (!stored) return { kind: "not-found" };
    return { kind: "file", key, ...stored, etag: mediaEtag(key, stored.size), contentType: contentTypeFor(key), cacheControl: "private, no-store", cors: false };
  }
  return { kind: "not-found" };
}

async function canRead(episode: { state: string; userId: string; show: { isVerified: boolean } }): Promise<boolean> {
  if (episode.state === "published" && episode.show.isVerified) return true;
  return (await getSessionUser())?.id === episode.userId;
}
