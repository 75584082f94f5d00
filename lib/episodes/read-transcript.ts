import "server-only";
import { readFile } from "node:fs/promises";
import { parse } from "@plussub/srt-vtt-parser";
import { resolveMediaKey } from "@/lib/media/local-storage";

export type TranscriptCue = { startSec: number; text: string };
export type EpisodeTranscript = { cues: TranscriptCue[]; key: string; format: "WebVTT" | "SubRip" };

const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;

/**
 * The cues of an episode's WebVTT (or SRT) transcript for display, or null when there is none or it cannot
 * be read: a transcript is a convenience on the page, never a reason for the page to fail.
 */
export async function readTranscript(files: { kind: string; key: string; filename: string; size: number | bigint }[]): Promise<EpisodeTranscript | null> {
  const file =
    files.find((item) => item.kind === "transcript" && item.filename.endsWith(".vtt")) ??
    files.find((item) => item.kind === "transcript" && item.filename.endsWith(".srt"));
  if (!file || file.size > MAX_TRANSCRIPT_BYTES) return null;
  try {
    const { entries } = parse(await readFile(resolveMediaKey(file.key), "utf8"));
    // Speaker spans (<v Name>) become "Name: "; other markup is dropped.
    const cues = entries.map((entry) => ({
      startSec: entry.from / 1000,
      text: entry.text.replace(/<v(?:\.[^ >]*)? ([^>]+)>/g, "$1: ").replace(/<[^>]+>/g, ""),
    }));
    return { cues, key: file.key, format: file.filename.endsWith(".vtt") ? "WebVTT" : "SubRip" };
  } catch {
    return null;
  }
}
