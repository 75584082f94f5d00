/** Tells audio and images apart by their first bytes, as Auphonic's decoder would find out. */

const startsWith = (head: Buffer, text: string, at = 0) =>
  head.length >= at + text.length && head.subarray(at, at + text.length).toString("latin1") === text;

function id3Length(head: Buffer): number {
  if (!startsWith(head, "ID3") || head.length < 10) return 0;
  const size = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
  return 10 + size + (head[5]! & 0x10 ? 10 : 0);
}

const MPEG1_LAYER3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_LAYER3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** Bitrate of the first MPEG audio layer III frame (after an ID3v2 tag), if the file starts with one. */
export function readMp3Frame(head: Buffer): { offset: number; kbps: number } | undefined {
  const offset = id3Length(head);
  if (head.length < offset + 4) return undefined;
  const header = head.readUInt32BE(offset);
  if (header >>> 21 !== 0x7ff) return undefined;
  const version = (header >>> 19) & 3;
  const layer = (header >>> 17) & 3;
  const index = (header >>> 12) & 0xf;
  if (version === 1 || layer !== 1 || index === 0 || index === 15) return undefined;
  const kbps = (version === 3 ? MPEG1_LAYER3_KBPS : MPEG2_LAYER3_KBPS)[index]!;
  return { offset, kbps };
}

/** What kind of audio the bytes start with, or undefined when they are not audio the sandbox knows. */
export function sniffAudio(head: Buffer): string | undefined {
  if (startsWith(head, "ID3") || readMp3Frame(head)) return "mp3";
  if (startsWith(head, "RIFF") && startsWith(head, "WAVE", 8)) return "wav";
  if (startsWith(head, "FORM") && (startsWith(head, "AIFF", 8) || startsWith(head, "AIFC", 8))) return "aiff";
  if (startsWith(head, "fLaC")) return "flac";
  if (startsWith(head, "OggS")) return "ogg";
  if (startsWith(head, "ftyp", 4)) return "m4a";
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xf6) === 0xf0) return "aac";
  return undefined;
}

/** The image's file ending, or undefined when the bytes are no JPEG, PNG, GIF or WebP. */
export function sniffImage(head: Buffer): "jpg" | "png" | "gif" | "webp" | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpg";
  if (startsWith(head, "\x89PNG\r\n\x1a\n")) return "png";
  if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a")) return "gif";
  if (startsWith(head, "RIFF") && startsWith(head, "WEBP", 8)) return "webp";
  return undefined;
}

export const IMAGE_CONTENT_TYPES = { jpg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp" } as const;
