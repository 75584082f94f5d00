import "server-only";
import { db } from "@/lib/db";

/** Ends every session of the user, on every device, this one included: the next request of each is signed out. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
