import "server-only";
import { AppError } from "@/lib/errors";
import { formatBytes } from "./format-bytes";
import type { StorageUsage } from "./get-storage-usage";

/** Why a copy does not fit: `needed` bytes more (known at the charge), or a file larger than the room left (known while copying). */
export type StorageShortfall = { neededBytes: number } | { isFileLargerThanRoom: true } | null;

/** The storage quota's refusal, in words a creator can act on. */
export function storageQuotaError(usage: StorageUsage & { quotaBytes: number }, shortfall: StorageShortfall = null): AppError {
  const quota = formatBytes(usage.quotaBytes);
  const used = formatBytes(usage.usedBytes);
  const left = formatBytes(Math.max(0, usage.quotaBytes - usage.usedBytes));
  const what =
    shortfall === null
      ? `Your storage quota of ${quota} is used up (${used} stored).`
      : "neededBytes" in shortfall
        ? `This needs ${formatBytes(shortfall.neededBytes)}, more than the ${left} left under your storage quota of ${quota} (${used} stored).`
        : `A file of this is larger than the ${left} left under your storage quota of ${quota} (${used} stored).`;
  return new AppError("QUOTA_EXCEEDED", `${what} Nothing was stored. Delete episodes you no longer need, then try again.`);
}
