import "server-only";
import type { MediaStorage } from "@/lib/storage/media-storage";

/**
 * What an attempt that ended early (an error, a refused file, a lost job) copied goes, for both sources. Best
 * effort: a storage error is logged and must not hide the failure being recorded (the next attempt clears it too).
 */
export async function removeAttemptFolder(storage: MediaStorage, folder: string, who: string): Promise<void> {
  await storage.deletePrefix(folder).catch((error: unknown) => console.error(`${who}: could not remove ${folder}:`, error));
}
