import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type FixtureName =
  | "mp3"
  | "m4a"
  | "vtt"
  | "srt"
  | "speechJson"
  | "transcriptHtml"
  | "cover"
  | "chapterImage";

export type Fixture = { path: string; size: number; md5: string; contentType: string };

const FILES: Record<FixtureName, { file: string; contentType: string }> = {
  mp3: { file: "episode.mp3", contentType: "audio/mpeg" },
  m4a: { file: "episode.m4a", contentType: "audio/mp4" },
  vtt: { file: "episode.vtt", contentType: "text/vtt; charset=utf-8" },
  srt: { file: "episode.srt", contentType: "application/x-subrip" },
  speechJson: { file: "episode.json", contentType: "application/json" },
  transcriptHtml: { file: "episode.html", contentType: "text/html; charset=utf-8" },
  cover: { file: "cover.jpg", contentType: "image/jpeg" },
  chapterImage: { file: "chapter.jpg", contentType: "image/jpeg" },
};

/** Duration of episode.mp3 in seconds (ffprobe). */
export const FIXTURE_AUDIO_LENGTH_SEC = 25.051429;

function loadFixture(file: string, contentType: string): Fixture {
  const path = fileURLToPath(new URL(`./fixtures/${file}`, import.meta.url));
  const bytes = readFileSync(path);
  return { path, size: bytes.length, md5: createHash("md5").update(bytes).digest("hex"), contentType };
}

let cache: Record<FixtureName, Fixture> | undefined;

export function getFixture(name: FixtureName): Fixture {
  cache ??= Object.fromEntries(
    Object.entries(FILES).map(([key, { file, contentType }]) => [key, loadFixture(file, contentType)]),
  ) as Record<FixtureName, Fixture>;
  return cache[name];
}

/**
 * Serves another file in place of a fixture (the standalone server's SANDBOX_MP3_FIXTURE, for benchmarks
 * that need a large result file). Hashed in chunks, so a file of any size is never held in memory.
 */
export function overrideFixture(name: FixtureName, path: string): Fixture {
  getFixture(name);
  const hash = createHash("md5");
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = openSync(path, "r");
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  const fixture = { path, size: statSync(path).size, md5: hash.digest("hex"), contentType: FILES[name].contentType };
  cache![name] = fixture;
  return fixture;
}
