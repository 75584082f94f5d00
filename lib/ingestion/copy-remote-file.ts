import "server-only";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { TooLargeError, type MediaStorage } from "@/lib/storage/media-storage";
import { createFetchGuard } from "./create-fetch-guard";
import { detectMediaType, SNIFF_BYTES, type DetectedMedia, type ExpectedMedia } from "./detect-media-type";
import { RefusedFileError } from "./ingestion-errors";

/**
 * Opens the remote file: one source's rules (Auphonic's origin and token, or an old feed's public URL), redirects
 * included. It sends `Accept-Encoding: identity` and passes `signal` to its fetch.
 */
export type OpenRemoteFile = (signal: AbortSignal) => Promise<Response>;

export type CopyOptions = {
  /** Words for messages: "audio file", "episode art". */
  what: string;
  /** Where it goes, in the attempt's folder; may depend on the detected type (an image's extension). */
  key: string | ((detected: DetectedMedia | null) => string);
  /** Stored content type; by default the detected one. */
  contentType?: string;
  maxBytes: number;
  expectedSize?: number | null;
  md5?: string | null;
  /** Checked by the first bytes before anything is stored; omitted: any bytes (a transcript). */
  expect?: ExpectedMedia;
  /** The run's own signal (a run that lost its job). */
  signal?: AbortSignal;
};

export type CopiedFile = { key: string; size: number; md5: string; contentType: string; detected: DetectedMedia | null };

/**
 * The one copy of a remote file into storage, for imports from Auphonic and move-ins alike: under the fetch guard
 * (deadline, minimum rate), refusing an encoded answer (a gzip bomb is never decoded), refusing by its first bytes a
 * file that is not the expected media, streaming into the storage port, which stores it whole or not at all.
 */
export async function copyRemoteFile(storage: MediaStorage, open: OpenRemoteFile, options: CopyOptions): Promise<CopiedFile> {
  const guard = createFetchGuard(options.what, options.signal);
  try {
    const response = await open(guard.signal);
    const body = await checkedBody(response, options);
    let detected: DetectedMedia | null = null;
    const label = response.headers.get("content-type");
    const sniffed = sniffingStream(async (head) => {
      if (options.expect) detected = await detectMediaType(head, options.expect, options.what, label);
    });
    const source = body.pipe(guard.meter());
    body.on("error", (error) => source.destroy(error));
    source.on("error", (error) => sniffed.destroy(error));
    sniffed.on("close", () => body.destroy());
    guard.signal.addEventListener("abort", () => sniffed.destroy(guard.signal.reason as Error), { once: true });
    source.pipe(sniffed);
    // The key may need the type: the first bytes are read before the write begins.
    await sniffed.headRead;
    const key = typeof options.key === "function" ? options.key(detected) : options.key;
    const contentType = options.contentType ?? (detected as DetectedMedia | null)?.mime ?? "application/octet-stream";
    const stored = await storage.put(key, sniffed, { contentType, maxBytes: options.maxBytes, expectedSize: options.expectedSize, md5: options.md5, signal: guard.signal });
    return { key, ...stored, contentType, detected };
  } catch (error) {
    // The guard's reason (too slow, too late) explains an abort better than the stream's own error.
    if (guard.signal.aborted) throw options.signal?.aborted ? options.signal.reason : guard.signal.reason;
    throw error;
  } finally {
    guard.dispose();
  }
}

/** The answer's body as a stream, after the checks its headers allow: no encoding, not over the size limit. */
export async function checkedBody(response: Response, options: { what: string; maxBytes: number }): Promise<Readable> {
  const encoding = response.headers.get("content-encoding")?.trim().toLowerCase();
  if (encoding && encoding !== "identity") {
    await response.body?.cancel().catch(() => {});
    throw new RefusedFileError(`The ${options.what} was sent compressed (Content-Encoding: ${encoding.slice(0, 40)}) although Podhaven asked for it as it is; it was refused unread.`);
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new TooLargeError(`The ${options.what} is larger than the limit of ${options.maxBytes} bytes.`);
  }
  if (!response.body) throw new RefusedFileError(`The ${options.what} came without a body.`);
  return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
}

/** Holds back the first SNIFF_BYTES until `inspect` accepts them (it throws to refuse), then passes everything on. */
function sniffingStream(inspect: (head: Buffer) => Promise<void>) {
  let head: Buffer[] = [];
  let headBytes = 0;
  let isInspected = false;
  let resolveHead!: () => void;
  let rejectHead!: (error: Error) => void;
  const headRead = new Promise<void>((resolve, reject) => {
    resolveHead = resolve;
    rejectHead = reject;
  });
  const release = (stream: Transform, callback: (error?: Error | null) => void) => {
    const bytes = Buffer.concat(head, headBytes);
    head = [];
    isInspected = true;
    inspect(bytes).then(
      () => {
        resolveHead();
        if (bytes.length > 0) stream.push(bytes);
        callback();
      },
      (error: Error) => {
        rejectHead(error);
        callback(error);
      },
    );
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (isInspected) return callback(null, chunk);
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < SNIFF_BYTES) return callback();
      release(this, callback);
    },
    flush(callback) {
      if (isInspected) return callback();
      release(this, callback);
    },
  });
  stream.on("error", (error) => rejectHead(error));
  stream.on("close", () => rejectHead(new Error("The download ended before its first bytes arrived.")));
  return Object.assign(stream, { headRead });
}
