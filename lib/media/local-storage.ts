import "server-only";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env.js";

// Media storage is a folder (MEDIA_DIR) addressed by relative keys such as "shows/<id>/cover-<hash>.jpg".

export function resolveMediaKey(key: string): string {
  const root = env.mediaDir;
  const resolved = path.resolve(root, key);
  if (!resolved.startsWith(root + path.sep)) throw new Error(`Media key escapes the media folder: ${key}`);
  return resolved;
}

/** Writes to a temporary file and renames, so a reader never sees a partial file. */
export async function writeMediaFile(key: string, content: Uint8Array): Promise<void> {
  const target = resolveMediaKey(key);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${Date.now()}.partial`;
  await writeFile(temporary, content);
  await rename(temporary, target);
}

export function mediaUrl(key: string): string {
  return `${env.appUrl}/media/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/** Removes a key's folder and everything under it (a version folder, an episode's media); no error when absent. */
export async function removeMediaPrefix(prefix: string): Promise<void> {
  await rm(resolveMediaKey(prefix), { recursive: true, force: true });
}

/** Creates the media folder if it is missing: a fresh install starts with none. */
export async function ensureMediaStorage(): Promise<void> {
  await mkdir(env.mediaDir, { recursive: true });
}

/** A stored text file's content, or null when it is missing or larger than `maxBytes`. */
export async function readMediaText(key: string, maxBytes: number): Promise<string | null> {
  const file = resolveMediaKey(key);
  try {
    if ((await stat(file)).size > maxBytes) return null;
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

/** A stored file's bytes, or null when it is missing or larger than `maxBytes`. */
export async function readMediaBytes(key: string, maxBytes: number): Promise<Uint8Array | null> {
  const file = resolveMediaKey(key);
  try {
    if ((await stat(file)).size > maxBytes) return null;
    return new Uint8Array(await readFile(file));
  } catch {
    return null;
  }
}
