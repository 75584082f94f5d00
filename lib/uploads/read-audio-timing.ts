import "server-only";
import type { MediaStorage } from "@/lib/storage/media-storage";

export type AudioTiming = { durationSec: number | null; bitrate: number | null };

const HEAD_BYTES = 64 * 1024;
// An ID3v2 tag holds the cover art, which may be large; past this much, the frames are not looked for.
const MAX_TAG_BYTES = 16 * 1024 * 1024;
const V1_BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const V2_BITRATES = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/**
 * An uploaded MP3's duration and bitrate (kbit/s) from its first frame: the Xing/Info or VBRI header's frame count
 * (what LAME and most encoders write), else, for constant bitrate, the size over the bitrate. Reads at most two
 * ranges of 64 KB. Other formats, and files whose frames cannot be found, give nulls: the feed then has no
 * itunes:duration for them (nothing else depends on it; no audio-metadata library is installed).
 */
export async function readAudioTiming(storage: MediaStorage, key: string, size: number): Promise<AudioTiming> {
  if (!key.toLowerCase().endsWith(".mp3") || size < 4) return { durationSec: null, bitrate: null };
  let offset = 0;
  let head = await storage.readRange(key, { start: 0, end: Math.min(size, HEAD_BYTES) - 1 });
  if (head && head.length >= 10 && head.toString("latin1", 0, 3) === "ID3") {
    const tagBytes = 10 + ((head[6]! & 0x7f) << 21) + ((head[7]! & 0x7f) << 14) + ((head[8]! & 0x7f) << 7) + (head[9]! & 0x7f) + (head[5]! & 0x10 ? 10 : 0);
    if (tagBytes > MAX_TAG_BYTES || tagBytes >= size) return { durationSec: null, bitrate: null };
    offset = tagBytes;
    head = tagBytes < head.length - 4 ? head.subarray(tagBytes) : await storage.readRange(key, { start: tagBytes, end: Math.min(size, tagBytes + HEAD_BYTES) - 1 });
  }
  if (!head) return { durationSec: null, bitrate: null };
  return timingOfFrames(head, size - offset);
}

/** `frames`: bytes from the first MPEG audio frame on (a few bytes of junk before it are skipped); `audioBytes`: the rest of the file's size. */
export function timingOfFrames(frames: Buffer, audioBytes: number): AudioTiming {
  for (let at = 0; at + 4 <= Math.min(frames.length, 4096); at++) {
    const header = parseFrameHeader(frames, at);
    if (!header) continue;
    const xing = findFrameCount(frames, at, header);
    if (xing !== null && xing.frames > 0) {
      const durationSec = (xing.frames * header.samplesPerFrame) / header.sampleRate;
      const bitrate = xing.bytes ? Math.round((xing.bytes * 8) / durationSec / 1000) : header.bitrate;
      return { durationSec: round(durationSec), bitrate };
    }
    return { durationSec: round(((audioBytes - at) * 8) / (header.bitrate * 1000)), bitrate: header.bitrate };
  }
  return { durationSec: null, bitrate: null };
}

type FrameHeader = { version: number; isMono: boolean; bitrate: number; sampleRate: number; samplesPerFrame: number };

function parseFrameHeader(bytes: Buffer, at: number): FrameHeader | null {
  const [b0, b1, b2, b3] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!];
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (b1 >> 1) & 3; // 1: Layer III
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  return {
    version,
    isMono: b3 >> 6 === 3,
    bitrate: (version === 3 ? V1_BITRATES : V2_BITRATES)[bitrateIndex]!,
    sampleRate: SAMPLE_RATES[version]![rateIndex]!,
    samplesPerFrame: version === 3 ? 1152 : 576,
  };
}

function findFrameCount(bytes: Buffer, at: number, header: FrameHeader): { frames: number; bytes: number | null } | null {
  const sideInfo = header.version === 3 ? (header.isMono ? 17 : 32) : header.isMono ? 9 : 17;
  const xing = at + 4 + sideInfo;
  const tag = bytes.length >= xing + 16 ? bytes.toString("latin1", xing, xing + 4) : "";
  if (tag === "Xing" || tag === "Info") {
    const flags = bytes.readUInt32BE(xing + 4);
    if (!(flags & 1)) return null;
    const frames = bytes.readUInt32BE(xing + 8);
    const size = flags & 2 && bytes.length >= xing + 16 ? bytes.readUInt32BE(xing + 12) : null;
    return { frames, bytes: size };
  }
  const vbri = at + 4 + 32;
  if (bytes.length >= vbri + 18 && bytes.toString("latin1", vbri, vbri + 4) === "VBRI") return { frames: bytes.readUInt32BE(vbri + 14), bytes: bytes.readUInt32BE(vbri + 10) };
  return null;
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;
