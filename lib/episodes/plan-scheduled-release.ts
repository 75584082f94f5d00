import { WEEKDAYS, type KnownCustomData } from "@/lib/connections/custom-data";
import { localParts, zonedTimeToUtc } from "@/lib/users/time-zone";

/**
 * When a connection's `custom_data` schedules a new episode: `publishDelayHours` after `now`, or the next
 * `publishAt` (weekday and) time after `now` in the creator's `timeZone`. A time a daylight-saving change skips
 * moves forward by the gap. Null when the connection does not schedule.
 */
export function planScheduledRelease(custom: KnownCustomData, now: Date, timeZone: string): Date | null {
  if (custom.publishState !== "schedule") return null;
  if (custom.publishDelayHours !== undefined) return new Date(now.getTime() + custom.publishDelayHours * 3_600_000);
  if (!custom.publishAt) return null;
  const [hour, minute] = custom.publishAt.time.split(":").map(Number) as [number, number];
  const today = localParts(now, timeZone);
  const wanted = custom.publishAt.weekday === undefined ? null : WEEKDAYS.indexOf(custom.publishAt.weekday);
  for (let days = 0; days <= 7; days++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
    if (wanted !== null && date.getUTCDay() !== wanted) continue;
    const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute };
    const at = zonedTimeToUtc(wall, timeZone, { isGapAllowed: true });
    if (at && at.getTime() > now.getTime()) return at;
  }
  return null;
}
