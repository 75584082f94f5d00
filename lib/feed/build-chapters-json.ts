import type { StoredChapter } from "@/lib/episodes/parse-episode-json";

export type ChaptersDocument = {
  version: "1.2.0";
  chapters: { startTime: number; title: string; url?: string; img?: string }[];
};

/**
 * Podcasting 2.0 JSON chapters (version 1.2.0): startTime is Auphonic's start_output_sec, ascending; chapter
 * images point at our copies (Auphonic's URLs need the user's token).
 */
export function buildChaptersJson(chapters: StoredChapter[], imageUrl: (key: string) => string): ChaptersDocument {
  return {
    version: "1.2.0",
    chapters: [...chapters]
      .sort((a, b) => a.startSec - b.startSec)
      .map((chapter) => ({
        startTime: Math.round(chapter.startSec * 1000) / 1000,
        title: chapter.title,
        ...(chapter.url && /^https?:\/\//.test(chapter.url) ? { url: chapter.url } : {}),
        ...(chapter.imageKey ? { img: imageUrl(chapter.imageKey) } : {}),
      })),
  };
}
