import type { EpisodeTranscript } from "./parse-transcript";

export type { EpisodeTranscript, TranscriptCue } from "./parse-transcript";

/**
 * The transcript stored with the episode at import, or null when there is none or it cannot be read: a
 * transcript is a convenience on the page, never a reason for the page to fail.
 */
export function readTranscript(episode: { transcript: string | null }): EpisodeTranscript | null {
  if (!episode.transcript) return null;
  try {
    return JSON.parse(episode.transcript) as EpisodeTranscript;
  } catch {
    return null;
  }
}
