import "server-only";
import type { KnownCustomData } from "@/lib/connections/custom-data";
import type { AuphonicOutputFile, AuphonicProduction } from "./production";

export type EpisodeChapter = { title: string; startSec: number; url: string | null; imageUrl: string | null };

export type MappedEpisode = {
  title: string;
  subtitle: string | null;
  summary: string | null;
  tags: string[];
  episodeNumber: number | null;
  season: number | null;
  episodeType: string;
  explicit: boolean | null;
  publisher: string | null;
  url: string | null;
  license: string | null;
  durationSec: number | null;
  chapters: EpisodeChapter[];
  statistics: Record<string, [number, string]>;
  productionChangeTime: string | null;
};

/**
 * Text from Auphonic as it may be stored and sent on: lone UTF-16 surrogates become U+FFFD (they have no UTF-8
 * form), control characters other than tab and newline go (Postgres refuses NUL in text; the rest would end
 * up in the feed's XML, which forbids them).
 */
export function cleanText(value: string): string;
export function cleanText(value: string | null | undefined): string | null | undefined;
export function cleanText(value: string | null | undefined) {
  if (typeof value !== "string") return value;
  return value.toWellFormed().replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "");
}

/** The production's title as Auphonic's metadata has it, or null without one (a failed production may have one too). */
export function findProductionTitle(production: AuphonicProduction): string | null {
  const title = production.metadata?.title;
  return (typeof title === "string" && cleanText(title).trim()) || null;
}

/** Auphonic's production metadata as Podhaven's episode fields, with the connection's custom_data applied. */
export function mapProduction(production: AuphonicProduction, custom: KnownCustomData): MappedEpisode {
  const metadata = Object.fromEntries(
    Object.entries(production.metadata ?? {}).map(([key, value]) => [key, typeof value === "string" ? cleanText(value) : value]),
  ) as NonNullable<AuphonicProduction["metadata"]>;
  const statistics: Record<string, [number, string]> = {};
  for (const [name, value] of Object.entries(production.statistics?.levels?.output ?? {})) {
    if (value) statistics[name] = value;
  }
  return {
    title: findProductionTitle(production) ?? "Untitled production",
    subtitle: metadata.subtitle?.trim() || null,
    // LF only, as the episode form stores it (browsers submit CRLF), so untouched notes compare equal.
    summary: metadata.summary?.replace(/\r\n?/g, "\n").trim() || null,
    // An empty tag list comes back as [""].
    tags: (metadata.tags ?? []).filter((tag): tag is string => typeof tag === "string" && cleanText(tag).trim() !== "").map((tag) => cleanText(tag).trim()),
    episodeNumber: positiveInteger(metadata.track),
    season: custom.season ?? positiveInteger(/season\s*(\d+)/i.exec(String(metadata.album ?? ""))?.[1]),
    episodeType: custom.episodeType ?? "full",
    explicit: custom.explicit ?? null,
    publisher: metadata.publisher?.trim() || null,
    url: metadata.url ?? null,
    license: metadata.license?.trim() || null,
    durationSec: typeof production.length === "number" && production.length > 0 ? production.length : null,
    chapters: mapChapters(production),
    statistics,
    productionChangeTime: production.change_time ?? null,
  };
}

// Positions in the output (after cuts and intros), not in the input.
function mapChapters(production: AuphonicProduction): EpisodeChapter[] {
  return (production.chapters ?? [])
    .map((chapter) => ({
      title: cleanText(chapter.title)?.trim() || "Untitled chapter",
      startSec: chapter.start_output_sec ?? chapter.start_sec ?? NaN,
      url: chapter.url ?? null,
      imageUrl: chapter.image ?? null,
    }))
    .filter((chapter) => Number.isFinite(chapter.startSec) && chapter.startSec >= 0)
    .sort((a, b) => a.startSec - b.startSec);
}

function positiveInteger(value: unknown): number | null {
  const text = String(value ?? "").trim();
  if (!/^\d{1,6}$/.test(text)) return null;
  const number = Number(text);
  return number > 0 ? number : null;
}

const AUDIO_FORMATS = new Set(["mp3", "mp3-vbr", "aac", "opus", "vorbis", "flac", "alac", "wav", "wav-24bit"]);
const TRANSCRIPT_FORMATS = new Set(["subtitle", "speech", "transcript"]);

export type SelectedFile = AuphonicOutputFile & { kind: "audio" | "transcript"; filename: string; downloadUrl: string; isEnclosure: boolean };

/**
 * The output files worth copying: audio (the CBR MP3 becomes the enclosure) and transcripts. Filenames are
 * reduced to a safe character set because they become storage keys.
 */
export function selectOutputFiles(production: AuphonicProduction): SelectedFile[] {
  const taken = new Set<string>();
  const files = (production.output_files ?? []).flatMap((file) => {
    const format = file.format ?? "";
    const kind = AUDIO_FORMATS.has(format) ? "audio" : TRANSCRIPT_FORMATS.has(format) ? "transcript" : null;
    const safe = safeFilename(file.filename ?? "");
    if (!kind || !file.download_url || !safe) return [];
    // Two results whose names reduce to the same safe name (or repeat) are both kept, under distinct names.
    const filename = distinctFilename(safe, taken);
    taken.add(filename);
    return [{ ...file, kind, filename, downloadUrl: file.download_url, isEnclosure: false } as SelectedFile];
  });
  const enclosure = files.find((file) => file.format === "mp3") ?? files.find((file) => file.format === "mp3-vbr");
  if (enclosure) enclosure.isEnclosure = true;
  return files;
}

export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "").slice(0, 120);
  return cleaned;
}

function distinctFilename(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let copy = 2; ; copy++) {
    const candidate = `${stem}-${copy}${extension}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export type PublishingTarget = { serviceUuid: string | null; displayName: string };

/**
 * Whether the production names this connection among its publishing targets: by the service uuid Auphonic gave
 * at registration, or by display name when connect.json gave none. True when Auphonic sends no list at all (an
 * older answer): then the delivery cannot be checked, and is taken on the JWT alone.
 */
export function isPublishedTo(production: AuphonicProduction, target: PublishingTarget): boolean {
  const services = production.outgoing_services;
  if (!services) return true;
  return services.some((service) =>
    target.serviceUuid ? service.uuid === target.serviceUuid : service.display_name?.replace(/^Podhaven\s*/, "") === target.displayName,
  );
}
