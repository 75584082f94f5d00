import "server-only";
import { db } from "@/lib/db";
import { DEFAULT_TIME_ZONE, normalizeTimeZone } from "./time-zone";

/**
 * The zone the creator's dates are shown and entered in. Before they chose one, the browser's zone that a form
 * sent along (`browserTimeZone`) becomes theirs; without either, UTC.
 */
export async function getUserTimeZone(userId: string, browserTimeZone?: string | null): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { timeZone: true } });
  const stored = normalizeTimeZone(user.timeZone);
  if (stored) return stored;
  const detected = normalizeTimeZone(browserTimeZone);
  if (!detected) return DEFAULT_TIME_ZONE;
  await db.user.updateMany({ where: { id: userId, timeZone: null }, data: { timeZone: detected } });
  return detected;
}

/** The zone the creator chose (or a form stored for them), or null before that: forms then use the browser's. */
export async function findStoredTimeZone(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true } });
  return normalizeTimeZone(user?.timeZone);
}
