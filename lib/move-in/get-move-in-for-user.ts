import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OldFeed } from "./parse-old-feed";

/** A move-in of the user's, with its plan parsed, its show and its items in feed order; NOT_FOUND for anyone else's. */
export async function getMoveInForUserOrThrow(userId: string, moveInId: string) {
  const moveIn = await db.moveIn.findFirst({
    where: { id: moveInId, userId },
    include: {
      show: { select: { id: true, slug: true, title: true, podcastGuid: true, isVerified: true } },
      items: { orderBy: { position: "asc" } },
    },
  });
  if (!moveIn) throw new AppError("NOT_FOUND", "This move-in does not exist.");
  return {
    ...moveIn,
    plan: JSON.parse(moveIn.plan) as OldFeed,
    showProblems: parseStrings(moveIn.showProblems),
    items: moveIn.items.map((item) => ({ ...item, warnings: parseStrings(item.warnings) })),
  };
}

export function parseStrings(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
  } catch {
    return [];
  }
}
