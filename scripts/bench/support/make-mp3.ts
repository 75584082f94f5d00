import { existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync } from "node:fs";
import path from "node:path";

const FIXTURE = "sandbox/fixtures/episode.mp3";
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES = [44100, 48000, 32000];

/**
 * A playable MP3 of about `bytes` (whole frames, never more): the sandbox fixture's audio frames repeated,
 * without its ID3 tags and LAME info frame, so players take the length from the constant bitrate.
 * Kept between runs; made again only when missing or of another size.
 */
export function makeMp3(file: string, bytes: number): { file: string; size: number } {
  const frames = readAudioFrames(readFileSync(FIXTURE));
  const loop = Buffer.concat(frames);
  const whole = Math.floor(bytes / loop.length) * loop.length;
  let size = whole;
  for (const frame of frames) {
    if (size + frame.length > bytes) break;
    size += frame.length;
  }
  if (existsSync(file) && statSync(file).size === size) return { file, size };

  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  try {
    for (let written = 0; written < whole; written += loop.length) writeSync(fd, loop);
    let rest = size - whole;
    for (const frame of frames) {
      if (rest <= 0) break;
      writeSync(fd, frame);
      rest -= frame.length;
    }
  } finally {
    closeSync(fd);
  }
  return { file, size };
}

function readAudioFrames(bytes: Buffer): Buffer[] {
  let offset = 0;
  if (bytes.toString("latin1", 0, 3) === "ID3") {
    const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
    offset = 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
  }
  const end = bytes.toString("latin1", bytes.length - 128, bytes.length - 125) === "TAG" ? bytes.length - 128 : bytes.length;
  const frames: Buffer[] = [];
  while (offset + 4 <= end) {
    const length = frameLength(bytes, offset);
    if (length === 0 || offset + length > end) break;
    const frame = bytes.subarray(offset, offset + length);
    const isInfoFrame = frames.length === 0 && /Xing|Info/.test(frame.toString("latin1", 0, 64));
    if (!isInfoFrame) frames.push(frame);
    offset += length;
  }
  if (frames.length === 0) throw new Error(`${FIXTURE}: no MPEG audio frames found`);
  return frames;
}

/** Length of the MPEG Layer III frame at offset, or 0 when there is no frame header there. */
function frameLength(bytes: Buffer, offset: number): number {
  const [b0, b1, b2] = [bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!];
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 3) !== 1) return 0;
  const version = (b1 >> 3) & 3; // 3: MPEG1, 2: MPEG2, 0: MPEG2.5
  const bitrate = (version === 3 ? BITRATES_V1 : BITRATES_V2)[(b2 >> 4) & 15] ?? 0;
  const baseRate = SAMPLE_RATES[(b2 >> 2) & 3];
  if (!bitrate || !baseRate || version === 1) return 0;
  const sampleRate = version === 3 ? baseRate : version === 2 ? baseRate / 2 : baseRate / 4;
  const padding = (b2 >> 1) & 1;
  return Math.floor(((version === 3 ? 144 : 72) * bitrate * 1000) / sampleRate) + padding;
}
