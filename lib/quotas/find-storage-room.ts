import "server-only";
import { TooLargeError } from "@/lib/storage/media-storage";
import { getStorageUsage, type StorageUsage } from "./get-storage-usage";
import { storageQuotaError } from "./storage-quota-error";

/** The room a creator has left before a copy starts (charge-storage.ts decides when it is recorded). */
export class StorageRoom {
  constructor(readonly usage: StorageUsage) {}

  /** Bytes left under the quota; null: unlimited. */
  get bytesLeft(): number | null {
    return this.usage.quotaBytes === null ? null : Math.max(0, this.usage.quotaBytes - this.usage.usedBytes);
  }

  /** The most one file may take: `maxBytes`, or less when the quota has less room (a huge file stops early). */
  cap(maxBytes: number): number {
    const left = this.bytesLeft;
    return left === null ? maxBytes : Math.min(maxBytes, left);
  }

  /** A copy that stopped at cap() because of the quota, as the quota's error; any other error as it is. */
  explain(error: unknown, maxBytes: number): unknown {
    if (!(error instanceof TooLargeError) || this.cap(maxBytes) >= maxBytes || this.usage.quotaBytes === null) return error;
    return storageQuotaError({ ...this.usage, quotaBytes: this.usage.quotaBytes }, { isFileLargerThanRoom: true });
  }
}

/** Refuses (QUOTA_EXCEEDED) before anything is downloaded when the creator's quota is already used up. */
export async function findStorageRoomOrThrow(userId: string): Promise<StorageRoom> {
  const room = new StorageRoom(await getStorageUsage(userId));
  if (room.bytesLeft === 0) throw storageQuotaError({ ...room.usage, quotaBytes: room.usage.quotaBytes! });
  return room;
}

/** Refuses (QUOTA_EXCEEDED) before an upload of `bytes` is stored when it would not fit; charge-storage.ts decides again when it is recorded. */
export async function assertStorageRoom(userId: string, bytes: number): Promise<void> {
  const usage = await getStorageUsage(userId);
  if (usage.quotaBytes !== null && usage.usedBytes + bytes > usage.quotaBytes) throw storageQuotaError({ ...usage, quotaBytes: usage.quotaBytes }, { neededBytes: bytes });
}
