// Dates in the creator's time zone (User.timeZone), with the platform's Intl only. Shared with the browser (the
// forms fill in the browser's zone), so no server-only import.

export const DEFAULT_TIME_ZONE = "UTC";

/** An IANA zone name Intl knows ("Europe/Berlin", "UTC"); false for anything else, including huge strings. */
export function isValidTimeZone(value: unknown): value is string {
  return normalizeTimeZone(value) !== null;
}

/** The zone's canonical spelling ("europe/berlin" is "Europe/Berlin"), or null when Intl does not know it. */
export function normalizeTimeZone(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The wall-clock time at `date` in `timeZone`; weekday 0 is Sunday. */
export function localParts(date: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(date).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

function offsetMs(utcMs: number, timeZone: string): number {
  const local = localParts(new Date(utcMs), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `timeZone` names. A time skipped by a daylight-saving change (02:30 on the
 * night clocks go forward) is null unless `isGapAllowed`, then it moves forward by the gap; a repeated one takes
 * the first of its two instants.
 */
export function zonedTimeToUtc(
  wall: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
  { isGapAllowed = false } = {},
): Date | null {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  if (!Number.isFinite(guess)) return null;
  // Two passes find the offset in force at the result; the earlier instant wins where both fit (the repeated hour).
  const candidates = [offsetMs(guess - 86_400_000 / 2, timeZone), offsetMs(guess, timeZone), offsetMs(guess + 86_400_000 / 2, timeZone)]
    .map((offset) => guess - offset)
    .sort((a, b) => a - b);
  for (const utc of candidates) {
    const back = localParts(new Date(utc), timeZone);
    if (back.year === wall.year && back.month === wall.month && back.day === wall.day && back.hour === wall.hour && back.minute === wall.minute) {
      return new Date(utc);
    }
  }
  return isGapAllowed ? new Date(guess - offsetMs(guess - 86_400_000 / 2, timeZone)) : null;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** An `<input type="datetime-local">` value ("2026-12-24T18:30") in `timeZone`; null when malformed or impossible. */
export function parseLocalDateTime(value: string, timeZone: string): Date | null {
  const match = LOCAL_INPUT.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return zonedTimeToUtc({ year, month, day, hour, minute }, timeZone);
}

/** The `<input type="datetime-local">` value of `date` in `timeZone`. */
export function toLocalInputValue(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "Fri, 24 Dec 2026, 18:30 (Europe/Berlin)": what the pages show for a date in the creator's zone. */
export function formatInTimeZone(date: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  return `${text} (${timeZone})`;
}

/** The browser's zone (or the server's, where this runs there): the default before the creator chooses one. */
export function detectTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isValidTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}
