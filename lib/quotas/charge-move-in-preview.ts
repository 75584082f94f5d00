import "server-only";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";
import { consumeRateLimit, peekRateLimit, type RateLimit } from "./consume-rate-limit";

// Each preview reads a feed from the web (up to 20 MB): MOVE_IN_PREVIEWS_PER_HOUR per creator, in every process together.
const previewLimit = (): RateLimit => ({ name: "move-in-preview", points: env.moveInPreviewsPerHour, durationSec: 3600 });

/** Counts one move-in preview of the creator's; TOO_MANY_REQUESTS (on `field`) once the hour's are used. */
export async function chargeMoveInPreview(userId: string, field: string): Promise<void> {
  const answer = await consumeRateLimit(previewLimit(), userId);
  if (answer.isAllowed) return;
  const minutes = Math.max(1, Math.ceil(answer.msBeforeNext / 60_000));
  const message = `You have used your ${env.moveInPreviewsPerHour} move-in previews of this hour (the move-in preview limit). Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  throw new AppError("TOO_MANY_REQUESTS", message, { [field]: [message] });
}

/** The creator's previews in the current hour, and the limit. */
export async function getMoveInPreviewUse(userId: string): Promise<{ used: number; allowed: number }> {
  const answer = await peekRateLimit(previewLimit(), userId);
  return { used: Math.min(answer.consumed, env.moveInPreviewsPerHour), allowed: env.moveInPreviewsPerHour };
}
