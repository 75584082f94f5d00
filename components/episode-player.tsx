"use client";

import { useRef } from "react";
import { formatTimestamp, type StoredChapter } from "@/lib/episodes/parse-episode-json";
import { useIsHydrated } from "./use-is-hydrated";

/** An audio player whose chapter list seeks it. */
export function EpisodePlayer({ src, type, title, chapters }: { src: string; type: string; title: string; chapters: StoredChapter[] }) {
  const audioRef = useRef<HTMLAudioElement>(null);
  const isHydrated = useIsHydrated();
  return (
    <div className="flex flex-col gap-4">
      <audio ref={audioRef} controls preload="metadata" className="w-full" aria-label={`Play ${title}`}>
        <source src={src} type={type} />
      </audio>
      {chapters.length > 0 && (
        <nav aria-label="Chapters">
          <h2 className="mb-2 text-lg font-semibold">Chapters</h2>
          <ol className="flex flex-col gap-1">
            {chapters.map((chapter) => (
              <li key={`${chapter.startSec}-${chapter.title}`}>
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
              </li>
            ))}
          </ol>
        </nav>
      )}
    </div>
  );
}
