import "server-only";
import { createHash } from "node:crypto";
import { imageSize } from "image-size";
import { AppError } from "@/lib/errors";

import { COVER_MAX_BYTES } from "./cover-limits";

export { COVER_MAX_BYTES };
const MIN_SIDE = 1400;
const MAX_SIDE = 3000;

export type CoverImage = { bytes: Uint8Array; extension: "jpg" | "png"; hash: string };

/** Checks an uploaded cover the way Apple does: JPEG or PNG, square, 1400 to 3000 pixels a side. */
export async function readCoverImage(file: File): Promise<CoverImage> {
  const fail = (message: string) => new AppError("BAD_REQUEST", message, { cover: [message] });
  if (file.size > COVER_MAX_BYTES) throw fail("The cover image is larger than 10 MB.");
  const bytes = new Uint8Array(await file.arrayBuffer());
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw fail("The cover must be a JPEG or PNG image; this file is not one.");
  }
  if (size.type !== "jpg" && size.type !== "png") {
    throw fail(`The cover must be a JPEG or PNG image, not ${size.type?.toUpperCase() ?? "this format"}.`);
  }
  const { width, height } = size;
  if (width !== height) throw fail(`The cover must be square; this one is ${width} × ${height} pixels.`);
  if (width < MIN_SIDE || width > MAX_SIDE) {
    throw fail(`The cover must be between ${MIN_SIDE} and ${MAX_SIDE} pixels wide; this one is ${width}.`);
  }
  if (!hasImageData(bytes, size.type)) throw fail("The cover image is incomplete (the file ends early); export it again.");
  return { bytes, extension: size.type, hash: createHash("sha256").update(bytes).digest("hex").slice(0, 16) };
}

/**
 * image-size reads only the header, so a file cut off after it (an interrupted upload or export) used to pass.
 * A PNG's image data ends with IEND after its IDAT chunks; a JPEG's scan (SOS) is followed by its EOI marker.
 */
function hasImageData(bytes: Uint8Array, type: "jpg" | "png"): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === "png") {
    const data = buffer.indexOf("IDAT", 0, "latin1");
    return data > 0 && buffer.lastIndexOf("IEND", undefined, "latin1") > data;
  }
  const scan = buffer.indexOf(Buffer.from([0xff, 0xda]));
  return scan > 0 && buffer.lastIndexOf(Buffer.from([0xff, 0xd9])) > scan;
}
