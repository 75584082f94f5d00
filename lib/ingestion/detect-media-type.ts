import "server-only";
import { fileTypeFromBuffer } from "file-type";
import { RefusedFileError } from "./ingestion-errors";

/** What a file must be, judged by its first bytes: `audio` takes audio or video, `image` JPEG, PNG or WebP. */
export type ExpectedMedia = "audio" | "image";
export type DetectedMedia = { mime: string; extension: string };

/** Bytes enough for every signature file-type knows. */
export const SNIFF_BYTES = 4100;
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/**
 * The file's type from its first bytes (file-type's signatures), whatever the host labelled it; throws
 * RefusedFileError, with what it is instead, when it is not the expected kind.
 */
export async function detectMediaType(head: Uint8Array, expected: ExpectedMedia, what: string, label: string | null): Promise<DetectedMedia> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  const isExpected =
    detected &&
    (expected === "audio" ? detected.mime.startsWith("audio/") || detected.mime.startsWith("video/") || detected.mime === "application/ogg" : IMAGE_TYPES.has(detected.mime));
  if (detected && isExpected) return { mime: detected.mime, extension: detected.ext };
  const wanted = expected === "audio" ? "audio or video" : "a JPEG, PNG or WebP image";
  const labelled = label ? `, though it was served as ${label.slice(0, 100)}` : "";
  throw new RefusedFileError(`The ${what} is not ${wanted}: its first bytes are ${describeBytes(head, detected?.mime)}${labelled}.`);
}

function describeBytes(head: Uint8Array, mime: string | undefined): string {
  if (mime) return `those of ${mime}`;
  if (head.length === 0) return "missing (the file is empty)";
  const start = Buffer.from(head.subarray(0, 512)).toString("latin1").trimStart().toLowerCase();
  if (start.startsWith("<!doctype html") || start.startsWith("<html") || /<(head|body|title|div|p)\b/.test(start.slice(0, 512))) return "a web page (HTML)";
  if (start.startsWith("<?xml") || start.startsWith("<")) return "an XML or HTML document";
  if (start.startsWith("{") || start.startsWith("[")) return "JSON text";
  return "of no audio, video or image format known";
}
