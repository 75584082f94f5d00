import "server-only";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type Dirent } from "node:fs";
import { access, constants, mkdir, open as fsOpen, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ByteRange, StorageAdapter, StoredObject } from "./media-storage";

const PARTIAL_SUFFIX = ".partial";

/** Media in a local folder (MEDIA_DIR): one machine, or a shared volume. Writes go to a temporary file, renamed when complete. */
export class LocalAdapter implements StorageAdapter {
  readonly driver = "local" as const;

  // Files of recent range probes stay open: a probe is then one read, not an open, a read and a close.
  private readonly handles = new OpenFiles();

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
      this.handles.closeUnder(target); // an open handle would still read the file this one replaced
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async open(key: string, range?: ByteRange): Promise<Readable | null> {
    const file = this.pathOf(key);
    const stream = createReadStream(file, { ...range, highWaterMark: 1024 * 1024 });
    // Opening is asynchronous: wait for it, so a missing file is null rather than a stream that fails later.
    return new Promise((resolve) => {
      stream.once("open", () => resolve(stream));
      stream.once("error", () => resolve(null));
    });
  }

  /**
   * Two buffers of COPY_CHUNK_BYTES taken in turn: the next chunk is read while the last one is written, and
   * nothing is allocated per chunk (a 50 MB download would otherwise make 50 buffers for the collector).
   */
  async copyRange(key: string, range: ByteRange, write: (chunk: Buffer) => Promise<void>): Promise<boolean> {
    const copied = await this.handles.use(this.pathOf(key), async (handle) => {
      const size = Math.min(COPY_CHUNK_BYTES, range.end - range.start + 1);
      const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
      const readAt = async (position: number, buffer: Buffer) => {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, range.end + 1 - position), position);
        if (bytesRead === 0) throw new Error(`${key} ended before byte ${range.end}: changed while being read`);
        return buffer.subarray(0, bytesRead);
      };
      let position = range.start;
      let turn = 0;
      let next: Promise<Buffer> | null = readAt(position, buffers[turn]!);
      while (next) {
        const chunk = await next;
        position += chunk.length;
        turn = 1 - turn;
        next = position <= range.end ? readAt(position, buffers[turn]!) : null;
        // Read failures surface at the next `await next`, not as an unhandled rejection while writing.
        next?.catch(() => undefined);
        // The other buffer is being read into meanwhile; this one is reused only after its write finished.
        await write(chunk);
      }
      return true;
    });
    return copied ?? false;
  }

  async readRange(key: string, range: ByteRange): Promise<Buffer | null> {
    return this.handles.use(this.pathOf(key), async (handle) => {
      const buffer = Buffer.allocUnsafe(range.end - range.start + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, range.start);
      return buffer.subarray(0, bytesRead);
    });
  }

  async head(key: string): Promise<StoredObject | null> {
    const info = await stat(this.pathOf(key)).catch(() => null);
    return info?.isFile() ? { size: info.size, lastModified: info.mtime } : null;
  }

  async delete(key: string): Promise<void> {
    this.handles.closeUnder(this.pathOf(key));
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    this.handles.closeUnder(this.pathOf(prefix));
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

const COPY_CHUNK_BYTES = 1024 * 1024;
const MAX_OPEN_FILES = 64;
const IDLE_CLOSE_MS = 30_000;

/**
 * A small cache of open files (least recently used first out; closed when idle for IDLE_CLOSE_MS, or deleted).
 * A handle in use (a long download) is never closed under its user: one dropped from the cache meanwhile is
 * closed when its last user is done.
 */
class OpenFiles {
  private readonly files = new Map<string, OpenFile>();
  private sweeper: NodeJS.Timeout | null = null;

  /** Runs `work` with the file open; null when the file does not exist. */
  async use<T>(file: string, work: (handle: FileHandle) => Promise<T>): Promise<T | null> {
    let entry = this.files.get(file);
    if (entry) this.files.delete(file); // moved to the end: most recently used
    entry ??= { handle: fsOpen(file, "r").catch(() => null), users: 0, usedAt: 0, isDropped: false };
    this.files.set(file, entry);
    if (this.files.size > MAX_OPEN_FILES) this.drop(this.files.keys().next().value!);
    this.sweeper ??= setInterval(() => this.sweep(), IDLE_CLOSE_MS).unref();
    entry.users++;
    try {
      const handle = await entry.handle;
      // A missing file is not remembered: it may be written a moment later.
      if (!handle) return (this.drop(file), null);
      return await work(handle);
    } finally {
      entry.users--;
      entry.usedAt = Date.now();
      if (entry.isDropped && entry.users === 0) close(entry);
    }
  }

  /** Closes the file or every file under the folder (a key or prefix about to be deleted). */
  closeUnder(target: string): void {
    for (const file of [...this.files.keys()]) if (file === target || file.startsWith(target.endsWith(path.sep) ? target : target + path.sep)) this.drop(file);
  }

  private sweep(): void {
    const idleSince = Date.now() - IDLE_CLOSE_MS;
    for (const [file, entry] of this.files) if (entry.users === 0 && entry.usedAt < idleSince) this.drop(file);
  }

  private drop(file: string): void {
    const entry = this.files.get(file);
    if (!entry) return;
    this.files.delete(file);
    entry.isDropped = true;
    if (entry.users === 0) close(entry);
  }
}

type OpenFile = { handle: Promise<FileHandle | null>; users: number; usedAt: number; isDropped: boolean };

function close(entry: OpenFile): void {
  void entry.handle.then((handle) => handle?.close()).catch(() => undefined);
}
