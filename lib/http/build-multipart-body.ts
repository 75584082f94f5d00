import { randomBytes } from "node:crypto";

// A multipart/form-data body (RFC 7578) built as a stream: file parts are read from their own streams as the body is
// sent, so an upload of any size never sits in memory. Node's FormData only takes Blobs (undici 6 would also take a
// duck-typed blob with a stream(), but only through its non-standard FileLike path), so this small writer does it.
// The length is known up front (the parts' sizes), so the request carries a Content-Length and the receiver can
// refuse a too-large file before reading it; a file stream that ends early or runs long fails the body.

export type MultipartPart =
  | { name: string; value: string }
  | { name: string; filename: string; contentType: string; size: number; stream: AsyncIterable<Uint8Array> };

export type MultipartBody = { body: AsyncIterable<Uint8Array>; contentType: string; contentLength: number };

const encoder = new TextEncoder();

/** A Content-Disposition parameter as browsers write it (HTML's form encoding): `"`, CR and LF percent-encoded. */
function quoted(value: string): string {
  return `"${value.replace(/["\r\n]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}"`;
}

function headerOf(part: MultipartPart, boundary: string): Uint8Array {
  const disposition = `form-data; name=${quoted(part.name)}${"filename" in part ? `; filename=${quoted(part.filename)}` : ""}`;
  const type = "filename" in part ? `Content-Type: ${part.contentType.replace(/[\r\n]/g, "")}\r\n` : "";
  return encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`);
}

/** Builds the body of `parts`; `boundary` only for tests (it is random otherwise). */
export function buildMultipartBody(parts: MultipartPart[], boundary = `----podhaven${randomBytes(16).toString("hex")}`): MultipartBody {
  const CRLF = encoder.encode("\r\n");
  const closing = encoder.encode(`--${boundary}--\r\n`);
  const headers = parts.map((part) => headerOf(part, boundary));
  const values = parts.map((part) => ("value" in part ? encoder.encode(part.value) : null));
  let contentLength = closing.length;
  parts.forEach((part, index) => {
    if ("size" in part && (!Number.isSafeInteger(part.size) || part.size < 0)) throw new Error(`The size of part "${part.name}" is not a byte count.`);
    contentLength += headers[index]!.length + (values[index]?.length ?? (part as { size: number }).size) + CRLF.length;
  });

  async function* body(): AsyncGenerator<Uint8Array> {
    for (const [index, part] of parts.entries()) {
      yield headers[index]!;
      if ("value" in part) {
        yield values[index]!;
      } else {
        let sent = 0;
        for await (const chunk of part.stream) {
          sent += chunk.length;
          if (sent > part.size) throw new Error(`Part "${part.name}" is longer than its ${part.size} bytes.`);
          yield chunk;
        }
        if (sent !== part.size) throw new Error(`Part "${part.name}" ended after ${sent} of its ${part.size} bytes.`);
      }
      yield CRLF;
    }
    yield closing;
  }

  return { body: body(), contentType: `multipart/form-data; boundary=${boundary}`, contentLength };
}
