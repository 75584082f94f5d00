"use client";

import { useRef, useState } from "react";
import { formatTimestamp } from "@/lib/episodes/parse-episode-json";
import { useIsHydrated } from "./use-is-hydrated";

type Chapter = { title: string; startSec: number; imageUrl: string | null };
type Cue = { startSec: number; text: string };
export type EmbedTheme = "light" | "dark" | "auto";

type Props = {
  src: string;
  type: string;
  title: string;
  showTitle: string;
  episodeUrl: string;
  imageUrl: string | null;
  durationSec: number | null;
  chapters: Chapter[];
  cues: Cue[];
  theme: EmbedTheme;
};

const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];

// One palette: dark mode mirrors it (app/globals.css), following the system or `data-color-scheme` (?theme=).
const palette = {
  root: "bg-white text-stone-900",
  muted: "text-stone-600",
  control: "border-stone-300 bg-white hover:bg-stone-100",
  accent: "bg-teal-700 text-white",
};

/**
 * The embeddable player (/embed/…, the only pages other sites may frame): play and pause, a seek bar, speed,
 * chapters and the transcript, each cue seeking there. Keyboard and screen-reader friendly: real buttons, a
 * labelled range input with the time as its spoken value.
 */
export function EmbedPlayer({ src, type, title, showTitle, episodeUrl, imageUrl, durationSec, chapters, cues, theme }: Props) {
  const audioRef = useRef<HTMLAudioElement>(null);
  const isHydrated = useIsHydrated();
  const [isPlaying, setIsPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [duration, setDuration] = useState(durationSec ?? 0);
  const [speed, setSpeed] = useState(1);
  const current = [...chapters].reverse().find((chapter) => chapter.startSec <= position) ?? null;

  const seek = (seconds: number, play = true) => {
    const audio = audioRef.current;
    if (!audio) return;
    audio.currentTime = seconds;
    setPosition(seconds);
    if (play) void audio.play().catch(() => undefined);
  };

  return (
    <div className={`flex min-h-dvh flex-col gap-3 p-3 ${palette.root}`} data-color-scheme={theme === "auto" ? undefined : theme} data-testid="embed-player">
      <audio
        ref={audioRef}
        preload="metadata"
        onPlay={() => setIsPlaying(true)}
        onPause={() => setIsPlaying(false)}
        onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
        onLoadedMetadata={(event) => Number.isFinite(event.currentTarget.duration) && setDuration(event.currentTarget.duration)}
      >
        <source src={src} type={type} />
      </audio>
      <div className="flex items-center gap-3">
        {imageUrl && (
          // eslint-disable-next-line @next/next/no-img-element -- served by our media route
          <img src={imageUrl} alt="" width={64} height={64} className="size-16 shrink-0 rounded-md" />
        )}
        <div className="min-w-0 flex-1">
          <p className={`truncate text-sm ${palette.muted}`}>{showTitle}</p>
          <h1 className="truncate font-semibold">
            <a href={episodeUrl} target="_blank" rel="noopener" className="hover:underline">
              {title}
            </a>
          </h1>
          {current && (
            <p className={`truncate text-sm ${palette.muted}`} data-testid="current-chapter">
              {current.title}
            </p>
          )}
        </div>
      </div>
      <div className="flex items-center gap-3">
        <button
          type="button"
          disabled={!isHydrated}
          onClick={() => {
            const audio = audioRef.current;
            if (!audio) return;
            if (audio.paused) void audio.play().catch(() => undefined);
            else audio.pause();
          }}
          className={`rounded-full px-4 py-2 font-semibold disabled:opacity-60 ${palette.accent}`}
        >
          {isPlaying ? "Pause" : "Play"}
        </button>
        <input
          type="range"
          aria-label="Position"
          aria-valuetext={`${formatTimestamp(position)} of ${formatTimestamp(duration)}`}
          min={0}
          max={Math.max(duration, 1)}
          step={1}
          value={Math.min(position, duration || position)}
          disabled={!isHydrated}
          onChange={(event) => seek(Number(event.target.value), false)}
          className="min-w-0 flex-1 accent-teal-600"
        />
        <span className={`font-mono text-sm tabular-nums ${palette.muted}`} data-testid="position">
          {formatTimestamp(position)}
        </span>
        <label className="sr-only" htmlFor="embed-speed">
          Speed
        </label>
        <select
          id="embed-speed"
          value={speed}
          disabled={!isHydrated}
          onChange={(event) => {
            const value = Number(event.target.value);
            setSpeed(value);
            if (audioRef.current) audioRef.current.playbackRate = value;
          }}
          className={`rounded-md border px-1 py-1 text-sm ${palette.control}`}
        >
          {SPEEDS.map((value) => (
            <option key={value} value={value}>
              {value}×
            </option>
          ))}
        </select>
      </div>
      {chapters.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Chapters ({chapters.length})</summary>
          <ol className="mt-2 flex max-h-48 flex-col gap-1 overflow-y-auto">
            {chapters.map((chapter) => (
              <li key={`${chapter.startSec}-${chapter.title}`}>
                <button
                  type="button"
                  disabled={!isHydrated}
                  onClick={() => seek(chapter.startSec)}
                  aria-current={chapter === current ? "true" : undefined}
                  className={`flex w-full items-center gap-2 rounded-md border px-2 py-1 text-left ${palette.control}`}
                >
                  {chapter.imageUrl && (
                    // eslint-disable-next-line @next/next/no-img-element -- served by our media route
                    <img src={chapter.imageUrl} alt="" width={28} height={28} className="size-7 rounded" />
                  )}
                  <span className={`font-mono tabular-nums ${palette.muted}`}>{formatTimestamp(chapter.startSec)}</span>
                  <span>{chapter.title}</span>
                </button>
              </li>
            ))}
          </ol>
        </details>
      )}
      {cues.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Transcript</summary>
          <ol className="mt-2 flex max-h-48 flex-col gap-1 overflow-y-auto" data-testid="embed-transcript">
            {cues.map((cue, index) => (
              <li key={index}>
                <button type="button" disabled={!isHydrated} onClick={() => seek(cue.startSec)} className="flex gap-2 text-left hover:underline">
                  <span className={`font-mono tabular-nums ${palette.muted}`}>{formatTimestamp(cue.startSec)}</span>
                  <span>{cue.text}</span>
                </button>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
