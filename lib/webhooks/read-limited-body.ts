import "server-only";
import { AppError } from "@/lib/errors";

/** A request body as the webhook reads it: from a Web Request (the Next route) or a Node request (server.ts). */
export type BodySource = { contentLength: string | null; chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null };

/** Reads a request body as text, stopping (413) as soon as it passes `maxBytes`, whatever Content-Length says. */
export async function readLimitedBody(source: BodySource, maxBytes: number): Promise<string> {
  const declared = Number(source.contentLength ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!source.chunks) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of source.chunks) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes); // leaving the loop cancels the rest of the upload
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("BAD_REQUEST", "The body could not be read (the upload broke off).");
  }
  const text = new TextDecoder("utf-8", { fatal: true });
  try {
    return text.decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid UTF-8.");
  }
}

function tooLarge(maxBytes: number) {
  return new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`);
}
