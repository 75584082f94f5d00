"use client";

import { useEffect, useRef } from "react";
import { formatTimestamp, type StoredChapter } from "@/lib/episodes/parse-episode-json";
import { useIsHydrated } from "./use-is-hydrated";

/** A chapter with its image's URL (made on the server: lib/storage/media-keys.ts is not for the browser). */
export type PlayerChapter = StoredChapter & { imageUrl?: string | null };
type Props = { src: string; type: string; title: string; chapters: PlayerChapter[]; /** A shared link's `?t=`. */ startAtSec?: number | null };

/** An audio player whose chapter list (with the chapters' images and links) seeks it. */
export function EpisodePlayer({ src, type, title, chapters, startAtSec = null }: Props) {
  const audioRef = useRef<HTMLAudioElement>(null);
  const isHydrated = useIsHydrated();
  const hasImages = chapters.some((chapter) => chapter.imageUrl);
  // A shared link's start: once the audio knows its length (which may have happened before this script ran).
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio || startAtSec === null) return;
    const start = () => {
      if (audio.currentTime === 0) audio.currentTime = startAtSec;
    };
    if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) start();
    else audio.addEventListener("loadedmetadata", start, { once: true });
    return () => audio.removeEventListener("loadedmetadata", start);
  }, [startAtSec]);
  return (
    <div className="flex flex-col gap-4">
      <audio
        ref={audioRef}
        controls
        preload="metadata"
        className="w-full"
        aria-label={`Play ${title}`}
      >
        <source src={src} type={type} />
      </audio>
      {chapters.length > 0 && (
        <nav aria-label="Chapters">
          <h2 className="mb-2 text-lg font-semibold">Chapters</h2>
          <ol className="flex flex-col gap-1">
            {chapters.map((chapter) => (
              <li key={`${chapter.startSec}-${chapter.title}`} className="flex items-center gap-2">
                {chapter.imageUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our media route
                  <img src={chapter.imageUrl} alt="" width={40} height={40} className="size-10 shrink-0 rounded" />
                ) : (
                  hasImages && <span aria-hidden className="size-10 shrink-0" />
                )}
                <button
                  type="button"
                  disabled={!isHydrated}
                  onClick={() => {
                    const audio = audioRef.current;
                    if (!audio) return;
                    audio.currentTime = chapter.startSec;
                    void audio.play().catch(() => undefined);
                  }}
                  className="flex w-full gap-3 rounded-md px-2 py-1 text-left hover:bg-stone-100"
                >
                  <span className="font-mono text-sm text-stone-600 tabular-nums">{formatTimestamp(chapter.startSec)}</span>
                  <span>{chapter.title}</span>
                </button>
                {chapter.url && /^https?:\/\//.test(chapter.url) && (
                  <a href={chapter.url} target="_blank" rel="noopener nofollow" className="shrink-0 text-sm text-teal-800 underline">
                    Link<span className="sr-only"> for {chapter.title}</span>
                  </a>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
    </div>
  );
}
