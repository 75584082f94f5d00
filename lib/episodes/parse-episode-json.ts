// JSON columns of Episode, read back defensively (written by lib/episodes/import-production.ts).
export type StoredChapter = { title: string; startSec: number; url: string | null; imageKey: string | null };

export function parseChapters(json: string): StoredChapter[] {
  return parseArray(json).filter(
    (item): item is StoredChapter => typeof item === "object" && item !== null && typeof (item as StoredChapter).startSec === "number",
  );
}

export function parseTags(json: string): string[] {
  return parseArray(json).filter((item): item is string => typeof item === "string");
}

export function parseStatistics(json: string): Record<string, [number, string]> {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, [number, string]>) : {};
  } catch {
    return {};
  }
}

function parseArray(json: string): unknown[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** A position in the audio, for chapter and transcript lists: "4:05", "1:02:09". */
export function formatTimestamp(seconds: number): string {
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "–";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
}
