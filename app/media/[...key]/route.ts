import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { contentTypeFor } from "@/lib/media/content-type";
import { resolveMediaKey } from "@/lib/media/local-storage";

// Public media. For now only show cover art, whose keys carry a content hash, so they are immutable.
const PUBLIC_KEY = /^shows\/[a-z0-9]+\/cover-[0-9a-f]{16}\.(jpg|png)$/;

export async function GET(_request: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const key = (await params).key.join("/");
  if (!PUBLIC_KEY.test(key)) return notFound();
  const file = resolveMediaKey(key);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return notFound();
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream;
  return new Response(body, {
    headers: {
      "Content-Type": contentTypeFor(key),
      "Content-Length": String(info.size),
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}

function notFound() {
  return Response.json({ error: "NOT_FOUND", message: "No such file." }, { status: 404 });
}
