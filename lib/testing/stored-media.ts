import { createHash } from "node:crypto";

// What tests check about stored media, through the storage port, so they hold for every driver (STORAGE_DRIVER).
// The port loads on first use: test files set the environment (MEDIA_DIR…) after their static imports.
const getStorage = async () => (await import("@/lib/storage/media-storage")).getStorage();

export async function storedKeys(prefix = ""): Promise<string[]> {
  return (await getStorage()).list(prefix);
}

/** Keys of temporary files (local driver), which no finished or failed write may leave behind. */
export async function partialKeys(): Promise<string[]> {
  return (await storedKeys()).filter((key) => key.includes(".partial"));
}

export async function isStored(key: string): Promise<boolean> {
  return (await (await getStorage()).head(key)) !== null;
}

export async function storedMd5(key: string): Promise<string | null> {
  const bytes = await (await getStorage()).readBytes(key, Number.MAX_SAFE_INTEGER);
  return bytes && createHash("md5").update(bytes).digest("hex");
}

export async function putStored(key: string, content: string | Uint8Array): Promise<void> {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  await (await getStorage()).put(key, bytes, { contentType: "application/octet-stream", maxBytes: Number.MAX_SAFE_INTEGER });
}
