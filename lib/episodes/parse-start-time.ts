/** A share link's start time: `t=<seconds>` or `t=<m:ss>`/`<h:mm:ss>`; anything else (or past the end) is none. */
export function parseStartTime(value: string | string[] | undefined, durationSec: number | null): number | null {
  if (typeof value !== "string" || value.length > 12) return null;
  const parts = /^\d+$/.test(value) ? [Number(value)] : /^\d{1,3}(:[0-5]\d){1,2}$/.test(value) ? value.split(":").map(Number) : null;
  if (!parts) return null;
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  if (durationSec !== null && seconds >= durationSec) return null;
  return seconds;
}
