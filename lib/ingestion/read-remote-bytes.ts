import "server-only";
import { TooLargeError } from "@/lib/storage/media-storage";
import { checkedBody, type OpenRemoteFile } from "./copy-remote-file";
import { createFetchGuard } from "./create-fetch-guard";

/** A small remote file (chapters, a show's cover) read whole into memory, under the same guard and checks as copyRemoteFile. */
export async function readRemoteBytes(open: OpenRemoteFile, { what, maxBytes, signal }: { what: string; maxBytes: number; signal?: AbortSignal }): Promise<Buffer> {
  const guard = createFetchGuard(what, signal);
  try {
    const source = await checkedBody(await open(guard.signal), { what, maxBytes });
    const body = source.pipe(guard.meter());
    source.on("error", (error) => body.destroy(error));
    body.on("close", () => source.destroy());
    guard.signal.addEventListener("abort", () => body.destroy(guard.signal.reason as Error), { once: true });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        body.destroy();
        throw new TooLargeError(`The ${what} is larger than the limit of ${maxBytes} bytes.`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, size);
  } catch (error) {
    if (guard.signal.aborted) throw signal?.aborted ? signal.reason : guard.signal.reason;
    throw error;
  } finally {
    guard.dispose();
  }
}
