import "server-only";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { env } from "@/lib/env.js";
import { md5HereHasher, md5WorkerHasher } from "./md5-hasher";

/** A stored object as the port describes it: what a response needs to answer HEAD, ranges and ETags. */
export type StoredObject = { size: number; lastModified: Date };
/** Inclusive byte offsets, as in Content-Range. */
export type ByteRange = { start: number; end: number };
export type PutOptions = {
  contentType: string;
  /** The size and MD5 the source announced: a mismatch fails the put and stores nothing. */
  expectedSize?: number | null;
  md5?: string | null;
  maxBytes: number;
  /** Aborting (a run that lost its job) fails the put and stores nothing. */
  signal?: AbortSignal;
};

/** What an adapter does; the checks that are the same for every adapter live in MediaStorage. */
export interface StorageAdapter {
  readonly driver: "local" | "s3";
  /** Stores the stream under the key only once it ended without error; nothing is left behind otherwise. */
  write(key: string, body: Readable, contentType: string): Promise<void>;
  open(key: string, range?: ByteRange): Promise<Readable | null>;
  /** A small range's bytes in one buffer (range probes: no stream to set up); null when the key is missing. */
  readRange(key: string, range: ByteRange): Promise<Buffer | null>;
  /**
   * Hands a range to `write` chunk by chunk, waiting for each write before going on; a chunk may be a buffer
   * the adapter reuses afterwards (no allocation per chunk for large downloads). False when the key is missing.
   */
  copyRange(key: string, range: ByteRange, write: (chunk: Buffer) => Promise<void>): Promise<boolean>;
  head(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix` (a folder when it ends in "/"). */
  deletePrefix(prefix: string): Promise<void>;
  /** Every key that starts with `prefix`, sorted (tests, checks). */
  list(prefix: string): Promise<string[]>;
  /** Throws when the store cannot be written to (creating the local folder on a fresh install). */
  check(): Promise<void>;
  /** A short-lived URL that reads the object directly from the store; null when the store has none. */
  presignedUrl(key: string, seconds: number): Promise<string | null>;
}

/**
 * The one storage port: every media file operation goes through it (lib/storage/media-keys.ts names the
 * keys). Puts are streamed, measured and checked on the way, and written completely or not at all.
 */
export class MediaStorage {
  constructor(
    private readonly adapter: StorageAdapter,
    private readonly publicBaseUrl: string | null,
  ) {}

  get driver() {
    return this.adapter.driver;
  }

  async put(key: string, body: Readable | ReadableStream<Uint8Array> | Uint8Array, options: PutOptions): Promise<{ size: number; md5: string }> {
    assertKey(key);
    const source = body instanceof Readable ? body : body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
    const verified = verifyingStream(options);
    source.on("error", (error) => verified.destroy(error));
    options.signal?.addEventListener("abort", () => verified.destroy(options.signal!.reason as Error), { once: true });
    // The stream's own error is the one to report: an adapter may fail with another while cleaning up after it.
    let streamError: Error | undefined;
    verified.stream.on("error", (error) => (streamError ??= error));
    source.pipe(verified.stream);
    try {
      await this.adapter.write(key, verified.stream, options.contentType);
    } catch (error) {
      throw streamError ?? error;
    } finally {
      source.destroy();
    }
    if (streamError) throw streamError;
    options.signal?.throwIfAborted();
    return verified.result();
  }

  open(key: string, range?: ByteRange): Promise<Readable | null> {
    assertKey(key);
    return this.adapter.open(key, range);
  }

  readRange(key: string, range: ByteRange): Promise<Buffer | null> {
    assertKey(key);
    return this.adapter.readRange(key, range);
  }

  copyRange(key: string, range: ByteRange, write: (chunk: Buffer) => Promise<void>): Promise<boolean> {
    assertKey(key);
    return this.adapter.copyRange(key, range, write);
  }

  head(key: string): Promise<StoredObject | null> {
    assertKey(key);
    return this.adapter.head(key);
  }

  delete(key: string): Promise<void> {
    assertKey(key);
    return this.adapter.delete(key);
  }

  /**
   * Removes every object whose key starts with `prefix`: a folder ("episodes/<id>/") or the start of names in one
   * ("episodes/<id>/v2-", every attempt at version 2). Nothing happens when there are none.
   */
  deletePrefix(prefix: string): Promise<void> {
    assertKey(prefix);
    return this.adapter.deletePrefix(prefix);
  }

  list(prefix = ""): Promise<string[]> {
    if (prefix) assertKey(prefix);
    return this.adapter.list(prefix);
  }

  /** Where the key is readable without the app (MEDIA_PUBLIC_BASE_URL); null when the app serves media itself. */
  publicUrl(key: string): string | null {
    return this.publicBaseUrl ? `${this.publicBaseUrl}/${encodeKey(key)}` : null;
  }

  presignedUrl(key: string, seconds: number): Promise<string | null> {
    assertKey(key);
    return this.adapter.presignedUrl(key, seconds);
  }

  /** Throws when the store is not usable; server.ts and the worker call it at start, /api/health on every check. */
  check(): Promise<void> {
    return this.adapter.check();
  }

  /** A stored file's bytes, or null when it is missing or larger than `maxBytes`. */
  async readBytes(key: string, maxBytes: number): Promise<Buffer | null> {
    const stored = await this.head(key);
    if (!stored || stored.size > maxBytes) return null;
    const stream = await this.open(key);
    if (!stream) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async readText(key: string, maxBytes: number): Promise<string | null> {
    return (await this.readBytes(key, maxBytes))?.toString("utf8") ?? null;
  }
}

/** A put over its `maxBytes`. (Not an AppError: lib/errors.ts loads next/server, which server.ts may not load before Next.) */
export class TooLargeError extends Error {
  override name = "TooLargeError";
}

export function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/** Keys are relative paths of safe segments: no "..", no empty or absolute parts. */
function assertKey(key: string): void {
  const segments = key.replace(/\/$/, "").split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === ".." || segment.includes("\\") || segment.includes("\0"))) {
    throw new Error(`Not a media key: ${JSON.stringify(key)}`);
  }
}

// Chunks handed to the adapter: network reads are 16-64 KB, and one disk write or upload per megabyte costs less.
const OUTPUT_CHUNK_BYTES = 1024 * 1024;
// From this size on, MD5 runs on a worker thread (lib/storage/md5-hasher.ts).
const WORKER_HASH_FROM_BYTES = 16 * 1024 * 1024;

/**
 * A pass-through that counts and hashes what flows (in chunks of about a megabyte), refuses more than `maxBytes`,
 * and fails at the end (so before the adapter commits anything) when the size or MD5 differ from what was announced.
 */
function verifyingStream(options: PutOptions) {
  const hasher = (options.expectedSize ?? 0) >= WORKER_HASH_FROM_BYTES ? md5WorkerHasher() : md5HereHasher();
  let size = 0;
  let md5 = "";
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const release = async (stream: Transform) => {
    if (pendingBytes === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await hasher.update(chunk);
    stream.push(chunk);
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxBytes) return callback(new TooLargeError(`File is larger than the limit of ${options.maxBytes} bytes.`));
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < OUTPUT_CHUNK_BYTES) return callback();
      release(this).then(() => callback(), callback);
    },
    flush(callback) {
      release(this).then(() => finish(callback), callback);
    },
    destroy(error, callback) {
      hasher.close();
      callback(error);
    },
  });
  const finish = (callback: (error?: Error | null) => void) => {
    if (options.signal?.aborted) return callback(options.signal.reason as Error);
    if (options.expectedSize != null && size !== options.expectedSize) {
      return callback(new Error(`Incomplete download: got ${size} of ${options.expectedSize} bytes.`));
    }
    hasher.digest().then(
      (hex) => {
        md5 = hex;
        if (options.md5 && md5 !== options.md5.toLowerCase()) return callback(new Error("Download corrupted: checksum does not match."));
        callback();
      },
      (error: Error) => callback(error),
    );
  };
  stream.once("finish", () => hasher.close());
  return { stream, destroy: (error: Error) => stream.destroy(error), result: () => ({ size, md5 }) };
}

let storage: MediaStorage | undefined;

/** The storage once getStorage() has made it (server.ts does at start): the hot paths skip a promise. */
export function storageIfReady(): MediaStorage | undefined {
  return storage;
}

/** The process's storage, as configured (STORAGE_DRIVER). */
export async function getStorage(): Promise<MediaStorage> {
  if (!storage) {
    const adapter =
      env.storageDriver === "s3"
        ? new (await import("./s3-adapter")).S3Adapter(env.s3)
        : new (await import("./local-adapter")).LocalAdapter(env.mediaDir);
    storage = new MediaStorage(adapter, env.mediaPublicBaseUrl);
  }
  return storage;
}
