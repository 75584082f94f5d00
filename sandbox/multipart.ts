import { createHash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { unlink } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { createRandomString } from "./ids.js";
import type { StoredFile } from "./state.js";

/**
 * A small streaming multipart/form-data reader (RFC 7578): file parts go straight to disk with backpressure, so an
 * upload is never held in memory. Written here because the only multipart parser in node_modules is busboy 0.3, a
 * transitive dependency of a test tool, without types.
 */

export type ReceivedFile = StoredFile & {
  /** The file's first bytes, to tell what it is. */
  head: Buffer;
};

export class MultipartError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const CRLF = Buffer.from("\r\n");
const HEADERS_END = Buffer.from("\r\n\r\n");
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_PARTS = 20;
const HEAD_BYTES = 64 * 1024;

/** `a=b; c="d;e"` → Map(a → b, c → d;e); names lowercased. Quote-aware, no regular expressions. */
export function parseHeaderParameters(value: string): { main: string; params: Map<string, string> } {
  const pieces: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (quoted && char === "\\" && i + 1 < value.length) {
      current += value[++i];
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (char === ";" && !quoted) {
      pieces.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  pieces.push(current);
  const params = new Map<string, string>();
  for (const piece of pieces.slice(1)) {
    const equals = piece.indexOf("=");
    if (equals < 0) continue;
    let paramValue = piece.slice(equals + 1).trim();
    if (paramValue.startsWith('"') && paramValue.endsWith('"') && paramValue.length >= 2) paramValue = paramValue.slice(1, -1);
    params.set(piece.slice(0, equals).trim().toLowerCase(), paramValue);
  }
  return { main: pieces[0]!.trim().toLowerCase(), params };
}

type PartSink = {
  write: (data: Buffer) => Promise<void>;
  end: () => Promise<void>;
  /** Stops writing; resolves once the file is closed, so removing it afterwards cannot race its creation. */
  abort: () => Promise<void>;
};

type Options = {
  boundary: string;
  dir: string;
  maxBytes: number;
  /** Names of the file parts kept; other parts are read and dropped. */
  fileFields: readonly string[];
};

/** Reads the whole request; answers the kept files by part name. Throws MultipartError (files removed) on bad input. */
export async function receiveMultipartFiles(req: Readable, options: Options): Promise<Map<string, ReceivedFile>> {
  const delimiter = Buffer.from(`\r\n--${options.boundary}`);
  const files = new Map<string, ReceivedFile>();
  const written: string[] = [];
  let totalBytes = 0;
  let parts = 0;
  let state = "preamble" as "preamble" | "afterDelimiter" | "headers" | "body" | "done";
  // The leading CRLF lets the first boundary, which has none before it, match the same delimiter as the others.
  let buffer: Buffer = Buffer.from(CRLF);
  let sink: PartSink | undefined;

  const openFile = (name: string, filename: string, contentType: string): PartSink => {
    const path = join(options.dir, `${createRandomString(16)}-${name}`);
    written.push(path);
    const stream: WriteStream = createWriteStream(path, { flags: "wx" });
    // Kept, not thrown from the emitter: a failed open or write surfaces at the next write or at the end.
    let failure: Error | undefined;
    stream.on("error", (error) => {
      failure = error;
    });
    const hash = createHash("md5");
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    return {
      write: async (data) => {
        if (failure) throw failure;
        size += data.length;
        totalBytes += data.length;
        if (totalBytes > options.maxBytes) {
          throw new MultipartError(`The upload is larger than the limit of ${options.maxBytes} bytes.`, name);
        }
        hash.update(data);
        if (headLength < HEAD_BYTES) {
          headChunks.push(data.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(data.length, HEAD_BYTES - headLength);
        }
        if (!stream.write(data)) await once(stream, "drain");
      },
      end: async () => {
        stream.end();
        await finished(stream);
        files.set(name, { path, filename, size, md5: hash.digest("hex"), contentType, head: Buffer.concat(headChunks) });
      },
      abort: async () => {
        stream.destroy();
        await finished(stream).catch(() => {});
      },
    };
  };

  const discard = (): PartSink => ({ write: async () => {}, end: async () => {}, abort: async () => {} });

  const startPart = (headerText: string): PartSink => {
    parts += 1;
    if (parts > MAX_PARTS) throw new MultipartError(`At most ${MAX_PARTS} parts are accepted.`, "non_field_errors");
    let disposition: ReturnType<typeof parseHeaderParameters> | undefined;
    let contentType = "application/octet-stream";
    for (const line of headerText.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const header = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (header === "content-disposition") disposition = parseHeaderParameters(value);
      if (header === "content-type" && value !== "") contentType = value;
    }
    if (!disposition || disposition.main !== "form-data" || !disposition.params.has("name")) {
      throw new MultipartError("Each part needs a Content-Disposition: form-data header with a name.", "non_field_errors");
    }
    const name = disposition.params.get("name")!;
    const filename = disposition.params.get("filename");
    if (filename !== undefined && options.fileFields.includes(name)) {
      if (files.has(name)) throw new MultipartError("Send this file only once.", name);
      return openFile(name, filename, contentType);
    }
    let fieldBytes = 0;
    return {
      ...discard(),
      write: async (data) => {
        fieldBytes += data.length;
        if (fieldBytes > MAX_FIELD_BYTES) throw new MultipartError(`A form field is limited to ${MAX_FIELD_BYTES} bytes.`, name);
      },
    };
  };

  const process = async (): Promise<void> => {
    for (;;) {
      if (state === "preamble") {
        const index = buffer.indexOf(delimiter);
        if (index < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1));
          return;
        }
        buffer = buffer.subarray(index + delimiter.length);
        state = "afterDelimiter";
      } else if (state === "afterDelimiter") {
        let skip = 0;
        while (skip < buffer.length && (buffer[skip] === 0x20 || buffer[skip] === 0x09)) skip++;
        if (buffer.length - skip < 2) return;
        const next = buffer.subarray(skip, skip + 2).toString("latin1");
        if (next === "--") {
          state = "done";
          return;
        }
        if (next !== "\r\n") throw new MultipartError("The multipart body is malformed after a boundary.", "non_field_errors");
        buffer = buffer.subarray(skip + 2);
        state = "headers";
      } else if (state === "headers") {
        if (buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a) {
          sink = startPart("");
          buffer = buffer.subarray(2);
        } else {
          const index = buffer.indexOf(HEADERS_END);
          if (index < 0) {
            if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError("A part's headers are too long.", "non_field_errors");
            return;
          }
          sink = startPart(buffer.subarray(0, index).toString("utf8"));
          buffer = buffer.subarray(index + HEADERS_END.length);
        }
        state = "body";
      } else if (state === "body") {
        const index = buffer.indexOf(delimiter);
        if (index < 0) {
          const safe = buffer.length - delimiter.length + 1;
          if (safe > 0) {
            await sink!.write(buffer.subarray(0, safe));
            buffer = buffer.subarray(safe);
          }
          return;
        }
        await sink!.write(buffer.subarray(0, index));
        await sink!.end();
        sink = undefined;
        buffer = buffer.subarray(index + delimiter.length);
        state = "afterDelimiter";
      } else return;
    }
  };

  try {
    // Not destroyed on an early exit: the server then reads and drops the rest, so the refusal reaches the client
    // and the connection stays usable.
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>) {
      if (state === "done") continue;
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      buffer = buffer.length === 0 ? bytes : Buffer.concat([buffer, bytes]);
      await process();
    }
    if (state !== "done") throw new MultipartError("The upload ended before the multipart body was complete.", "non_field_errors");
    return files;
  } catch (error) {
    await sink?.abort();
    await Promise.all(written.map((path) => unlink(path).catch(() => {})));
    throw error;
  }
}
