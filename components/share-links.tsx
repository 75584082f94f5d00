"use client";

import { useState } from "react";
import { formatTimestamp } from "@/lib/episodes/parse-episode-json";
import { parseStartTime } from "@/lib/episodes/parse-start-time";
import { CopyField } from "./copy-field";
import { useIsHydrated } from "./use-is-hydrated";

type Props = { url: string; title: string; /** For an episode: offers "start at" the player's position. */ durationSec?: number | null };

/** The link to share, a copy button, the usual share intents, and the system's share sheet where there is one. */
export function ShareLinks({ url, title, durationSec }: Props) {
  const [startAt, setStartAt] = useState<string>("");
  const [isStartAtOn, setIsStartAtOn] = useState(false);
  const isHydrated = useIsHydrated();
  const seconds = isStartAtOn ? parseStartTime(startAt.trim(), durationSec ?? null) || null : null;
  const shared = seconds ? `${url}?t=${seconds}` : url;
  const text = encodeURIComponent(title);
  const link = encodeURIComponent(shared);
  const intents = [
    { name: "Bluesky", href: `https://bsky.app/intent/compose?text=${encodeURIComponent(`${title} ${shared}`)}` },
    { name: "Mastodon", href: `https://mastodonshare.com/?text=${text}&url=${link}` },
    { name: "X", href: `https://twitter.com/intent/tweet?text=${text}&url=${link}` },
    { name: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${link}` },
    { name: "LinkedIn", href: `https://www.linkedin.com/sharing/share-offsite/?url=${link}` },
    { name: "Email", href: `mailto:?subject=${text}&body=${link}` },
  ];
  return (
    <section aria-labelledby="share-heading" className="flex flex-col gap-3" data-testid="share-links">
      <h2 id="share-heading" className="text-lg font-semibold">
        Share
      </h2>
      {durationSec !== undefined && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <input
            id="share-start"
            type="checkbox"
            checked={isStartAtOn}
            disabled={!isHydrated}
            onChange={(event) => {
              setIsStartAtOn(event.target.checked);
              if (event.target.checked && !startAt) setStartAt(currentPlayerTime());
            }}
            className="size-5"
          />
          <label htmlFor="share-start">Start at</label>
          <input
            aria-label="Start time (minutes:seconds)"
            value={startAt}
            placeholder="0:00"
            inputMode="numeric"
            disabled={!isHydrated || !isStartAtOn}
            onChange={(event) => setStartAt(event.target.value)}
            className="w-24 rounded-md border border-stone-300 bg-white px-2 py-1 font-mono"
          />
          {isStartAtOn && seconds === null && <span className="text-red-700">Use minutes:seconds, e.g. 12:30.</span>}
        </div>
      )}
      <CopyField label="Link" value={shared} />
      <ul className="flex flex-wrap gap-2">
        {intents.map((intent) => (
          <li key={intent.name}>
            <a href={intent.href} target="_blank" rel="noopener noreferrer" className="inline-block rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100">
              {intent.name}
            </a>
          </li>
        ))}
        {isHydrated && typeof navigator !== "undefined" && "share" in navigator && (
          <li>
            <button
              type="button"
              onClick={() => void navigator.share({ title, url: shared }).catch(() => undefined)}
              className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100"
            >
              More…
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}

/** Where the page's player is, as m:ss (the start time a listener most likely wants to share). */
function currentPlayerTime(): string {
  const audio = document.querySelector("audio");
  return formatTimestamp(Math.floor(audio?.currentTime ?? 0));
}
