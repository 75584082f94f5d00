import type { EpisodeTranscript } from "@/lib/episodes/read-transcript";
import { formatTimestamp } from "@/lib/episodes/parse-episode-json";
import { mediaUrl } from "@/lib/storage/media-keys";

export function Transcript({ transcript: { cues, key, format } }: { transcript: EpisodeTranscript }) {
  return (
    <section aria-labelledby="transcript-heading" className="flex flex-col gap-2">
      <h2 id="transcript-heading" className="text-lg font-semibold">
        Transcript
      </h2>
      <details className="rounded-lg bg-white p-4 shadow-sm">
        <summary className="cursor-pointer font-medium">Show transcript ({cues.length} lines)</summary>
        <ol className="mt-3 flex max-h-96 flex-col gap-1 overflow-y-auto">
          {cues.map((cue, index) => (
            <li key={index} className="flex gap-3">
              <span className="font-mono text-sm text-stone-600 tabular-nums">{formatTimestamp(cue.startSec)}</span>
              <span>{cue.text}</span>
            </li>
          ))}
        </ol>
        <a href={mediaUrl(key)} className="mt-2 inline-block text-sm text-teal-800 underline">
          Download ({format})
        </a>
      </details>
    </section>
  );
}
