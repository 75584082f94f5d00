import { parse } from "@plussub/srt-vtt-parser";

export type TranscriptCue = { startSec: number; text: string };
export type EpisodeTranscript = { cues: TranscriptCue[]; key: string; format: "WebVTT" | "SubRip" };

/**
 * A WebVTT or SRT transcript's cues for display: parsed once, at import, and stored (pages read the stored
 * cues). In linear time whatever the file holds: the parser is linear, and markup is removed by a scan, not by
 * regular expressions, which took quadratic time on crafted input (an unclosed `<v` repeated).
 * Null when the text is no transcript the parser can read.
 */
export function parseTranscript(text: string, key: string, format: EpisodeTranscript["format"]): EpisodeTranscript | null {
  try {
    const { entries } = parse(text);
    return { key, format, cues: entries.map((entry) => ({ startSec: entry.from / 1000, text: cueText(entry.text) })) };
  } catch {
    return null;
  }
}

/** A cue's text without markup; a speaker span (`<v Name>`, `<v.class Name>`) becomes "Name: ". */
export function cueText(raw: string): string {
  let text = "";
  let position = 0;
  while (position < raw.length) {
    const open = raw.indexOf("<", position);
    const close = open === -1 ? -1 : raw.indexOf(">", open + 1);
    if (open === -1 || close === -1) {
      text += raw.slice(position); // no more tags: an unclosed "<" is text
      break;
    }
    text += raw.slice(position, open);
    const tag = raw.slice(open + 1, close);
    if (tag === "") text += "<>";
    else if (tag.startsWith("v ") || tag.startsWith("v.")) {
      const space = tag.indexOf(" ");
      const speaker = space === -1 ? "" : tag.slice(space + 1);
      if (speaker !== "") text += `${speaker}: `;
    }
    position = close + 1;
  }
  return text;
}
