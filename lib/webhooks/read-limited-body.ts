import "server-only";
import { AppError } from "@/lib/errors";

/** Reads a request body as text, stopping (413) as soon as it passes `maxBytes`, whatever Content-Length says. */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new AppError("BAD_REQUEST", "The body could not be read (the upload broke off).");
    });
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
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
