import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { normalizeTimeZone } from "./time-zone";

/** The creator's choice on the account page; scheduled releases keep their instant (they were stored in UTC). */
export async function saveUserTimeZone(userId: string, timeZone: string): Promise<string> {
  const zone = normalizeTimeZone(timeZone);
  if (!zone) throw new AppError("BAD_REQUEST", "Unknown time zone.", { timeZone: ["Choose a time zone from the list, for example Europe/Berlin."] });
  await db.user.update({ where: { id: userId }, data: { timeZone: zone } });
  return zone;
}
