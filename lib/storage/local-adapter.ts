import "server-only";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type Dirent } from "node:fs";
import { access, constants, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ByteRange, StorageAdapter, StoredObject } from "./media-storage";

export const PARTIAL_SUFFIX = ".partial";

/** Media in a local folder (MEDIA_DIR): one machine, or a shared volume. Writes go to a temporary file, renamed when complete. */
export class LocalAdapter implements StorageAdapter {
  readonly driver = "local" as const;

  constructor(private readonly root: string) {}

  /** The file behind a key; the key may not leave the folder. */
  pathOf(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(this.root + path.sep)) throw new Error(`Media key escapes the media folder: ${key}`);
    return resolved;
  }

  async write(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString("hex")}${PARTIAL_SUFFIX}`;
    try {
      await pipeline(body, createWriteStream(temporary));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async open(key: string, range?: ByteRange): Promise<Readable | null> {
    const file = this.pathOf(key);
    const stream = createReadStream(file, { ...range, highWaterMark: 256 * 1024 });
    // Opening is asynchronous: wait for it, so a missing file is null rather than a stream that fails later.
    return new Promise((resolve) => {
      stream.once("open", () => resolve(stream));
      stream.once("error", () => resolve(null));
    });
  }

  async head(key: string): Promise<StoredObject | null> {
    const info = await stat(this.pathOf(key)).catch(() => null);
    return info?.isFile() ? { size: info.size, lastModified: info.mtime } : null;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    if (prefix.endsWith("/")) return rm(this.pathOf(prefix), { recursive: true, force: true });
    const folder = path.dirname(this.pathOf(prefix));
    const start = path.basename(prefix);
    const entries = await readdir(folder).catch(() => [] as string[]);
    await Promise.all(entries.filter((name) => name.startsWith(start)).map((name) => rm(path.join(folder, name), { recursive: true, force: true })));
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix.endsWith("/") || prefix === "" ? prefix : path.posix.dirname(prefix) + "/";
    const folder = base === "" || base === "./" ? this.root : this.pathOf(base);
    const entries = (await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])) as Dirent[];
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  async presignedUrl(): Promise<null> {
    return null;
  }

  /** Creates the folder if it is missing (a fresh install starts with none), and checks it is writable. */
  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }
}
