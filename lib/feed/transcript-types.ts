// Transcript files as podcast:transcript types; Auphonic's speech JSON is its own format, not the namespace's JSON.
const TYPES: Record<string, { type: string; isCaptions: boolean }> = {
  vtt: { type: "text/vtt", isCaptions: true },
  srt: { type: "application/x-subrip", isCaptions: true },
  html: { type: "text/html", isCaptions: false },
  htm: { type: "text/html", isCaptions: false },
  txt: { type: "text/plain", isCaptions: false },
};

export function transcriptType(filename: string): { type: string; isCaptions: boolean } | null {
  return TYPES[filename.slice(filename.lastIndexOf(".") + 1).toLowerCase()] ?? null;
}
