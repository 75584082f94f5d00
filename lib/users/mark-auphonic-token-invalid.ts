import "server-only";
import { db } from "@/lib/db";

/** Remembers that Auphonic refused the stored token, so pages offer the reconnect path straight away. */
export async function markAuphonicTokenInvalid(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { auphonicTokenInvalid: true } });
}
