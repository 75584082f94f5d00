import { mediaUrl } from "@/lib/storage/media-keys";
import { parseChapters, type StoredChapter } from "./parse-episode-json";

/** An episode's chapters with their images' URLs, for the players (the browser cannot make media URLs). */
export function chaptersWithImageUrls(json: string): (StoredChapter & { imageUrl: string | null })[] {
  return parseChapters(json).map((chapter) => ({ ...chapter, imageUrl: chapter.imageKey ? mediaUrl(chapter.imageKey) : null }));
}
