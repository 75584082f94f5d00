import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Display names are unique per user among live connections: Auphonic merges same-named registrations. */
export async function assertDisplayNameFree(userId: string, displayName: string, exceptConnectionId?: string) {
  const clash = await db.connection.findFirst({
    where: { userId, displayName, deletedAt: null, NOT: exceptConnectionId ? { id: exceptConnectionId } : undefined },
    select: { id: true },
  });
  if (clash) {
    throw new AppError("BAD_REQUEST", "This name is taken.", {
      displayName: ["You already have a connection with this name; Auphonic would merge them. Choose another."],
    });
  }
}
