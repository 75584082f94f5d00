import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors";
import { resolveMediaKey } from "./local-storage";

type Expectations = { expectedSize?: number | null; md5?: string | null; maxBytes: number; signal?: AbortSignal };

export const PARTIAL_SUFFIX = ".partial";

/**
 * Streams a download into media storage: to a temporary file first, renamed into place only once complete
 * and checked (size, MD5 when given), so no reader ever sees a partial file. Never holds the file in memory.
 */
export async function writeMediaStream(key: string, body: ReadableStream<Uint8Array>, expect: Expectations) {
  const target = resolveMediaKey(key);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString("hex")}${PARTIAL_SUFFIX}`;
  const hash = createHash("md5");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > expect.maxBytes) return callback(new AppError("PAYLOAD_TOO_LARGE", `File is larger than the limit of ${expect.maxBytes} bytes.`));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), meter, createWriteStream(temporary), { signal: expect.signal });
    if (expect.expectedSize != null && size !== expect.expectedSize) {
      throw new Error(`Incomplete download: got ${size} of ${expect.expectedSize} bytes.`);
    }
    const md5 = hash.digest("hex");
    if (expect.md5 && md5 !== expect.md5.toLowerCase()) throw new Error("Download corrupted: checksum does not match.");
    expect.signal?.throwIfAborted(); // a run that lost its job puts nothing in place
    await rename(temporary, target);
    return { size, md5 };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
