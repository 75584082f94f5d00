import type { SandboxContext } from "./context.js";
import { outputBasename } from "./api-productions.js";
import { FIXTURE_AUDIO_LENGTH_SEC, getFixture, type Fixture, type FixtureName } from "./fixtures.js";
import { PRODUCTION_STATUS_CODES, type ApiProductionData, type OutgoingService, type Production } from "./state.js";
import { TEMPLATES } from "./templates.js";

type OutputFileSpec = { format: string; ending: string; fixture: FixtureName; bitrate: number; mono_mixdown: boolean };

const OUTPUT_FILES: OutputFileSpec[] = [
  { format: "mp3", ending: "mp3", fixture: "mp3", bitrate: 64, mono_mixdown: true },
  { format: "aac", ending: "m4a", fixture: "m4a", bitrate: 64, mono_mixdown: true },
  { format: "subtitle", ending: "vtt", fixture: "vtt", bitrate: 0, mono_mixdown: false },
  { format: "subtitle", ending: "srt", fixture: "srt", bitrate: 0, mono_mixdown: false },
  { format: "speech", ending: "json", fixture: "speechJson", bitrate: 0, mono_mixdown: false },
  { format: "transcript", ending: "html", fixture: "transcriptHtml", bitrate: 0, mono_mixdown: false },
];

export const COVER_FILENAME = "cover.jpg";
export const CHAPTER_IMAGE_FILENAME = "chapter-image.jpg";

export type DownloadKind = "audio-result" | "audio-upload";

/** The file a production's download path serves (a fixture, or an upload), or undefined when it has no such file. */
export function findProductionFile(production: Production, kind: DownloadKind, filename: string): Fixture | undefined {
  const api = production.api;
  if (api) {
    if (kind === "audio-upload") return api.image && filename === api.image.filename ? api.image : undefined;
    if (!api.input || filename !== `${outputBasename(production)}.mp3`) return undefined;
    return { ...api.input, contentType: "audio/mpeg" };
  }
  const name = findTemplateFile(production, kind, filename);
  return name ? getFixture(name) : undefined;
}

function findTemplateFile(production: Production, kind: DownloadKind, filename: string): FixtureName | undefined {
  const template = TEMPLATES[production.template];
  if (kind === "audio-upload") {
    if (filename === COVER_FILENAME && template.hasCover) return "cover";
    if (filename === CHAPTER_IMAGE_FILENAME && template.chapters.some((chapter) => chapter.hasImage)) {
      return "chapterImage";
    }
    return undefined;
  }
  return OUTPUT_FILES.find((spec) => `${template.output_basename}.${spec.ending}` === filename)?.fixture;
}

export function formatTimestring(seconds: number): string {
  const totalMs = Math.round(seconds * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000);
  const secs = Math.floor((totalMs % 60_000) / 1000);
  return `${pad(hours)}:${pad(minutes)}:${pad(secs)}.${pad(totalMs % 1000, 3)}`;
}

function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function renderOutgoingService(service: OutgoingService) {
  return { ...service, result_urls: [...service.result_urls], attempts: service.attempts.map((a) => ({ ...a })) };
}

/** The production exactly as GET /api/production/{uuid}.json returns it in `data`. */
export function renderProduction(ctx: SandboxContext, production: Production) {
  const rendered = renderTemplateProduction(ctx, production);
  return production.api ? { ...rendered, ...renderApiContent(ctx, production, production.api) } : rendered;
}

/** What a production made through the API has of its own: its metadata, its upload as the MP3 result, its cover. */
function renderApiContent(ctx: SandboxContext, production: Production, api: ApiProductionData) {
  const base = ctx.publicUrl();
  const isDone = production.status === "Done";
  const isError = production.status === "Error";
  const basename = outputBasename(production);
  const image = api.image
    ? `${base}/api/download/audio-upload/${production.uuid}/${encodeURIComponent(api.image.filename)}`
    : api.imageUrl;
  const length = isDone ? api.inputLengthSec : null;
  return {
    error_status: isError ? 2 : null,
    error_message: isError ? api.errorMessage : "",
    metadata: structuredClone(api.metadata) as Record<string, unknown> & { title?: string },
    output_basename: basename,
    output_files: api.input
      ? [
          {
            format: "mp3",
            ending: "mp3",
            suffix: "",
            filename: `${basename}.mp3`,
            bitrate: api.inputKbps ?? 0,
            size: isDone ? api.input.size : null,
            size_string: isDone ? formatSize(api.input.size) : "",
            checksum: isDone ? api.input.md5 : null,
            mono_mixdown: false,
            split_on_chapters: false,
            download_url: isDone ? `${base}/api/download/audio-result/${production.uuid}/${basename}.mp3` : null,
            outgoing_services: [],
          },
        ]
      : [],
    chapters: [],
    image,
    thumbnail: image,
    length,
    length_timestring: length === null ? "" : formatTimestring(length),
    input_file: api.input?.filename ?? "",
    cuts: [],
    shownotes: "",
    used_credits: isDone ? 0.007 : 0,
    preset: api.presetUuid ?? "",
  };
}

function renderTemplateProduction(ctx: SandboxContext, production: Production) {
  const template = TEMPLATES[production.template];
  const base = ctx.publicUrl();
  const isDone = production.status === "Done";
  const uploadUrl = (filename: string) => `${base}/api/download/audio-upload/${production.uuid}/${filename}`;
  const image = template.hasCover ? (production.imageUrlOverride ?? uploadUrl(COVER_FILENAME)) : null;
  const title =
    production.runCount > 1 ? `${template.metadata.title} (re-run ${production.runCount})` : template.metadata.title;

  return {
    uuid: production.uuid,
    status: PRODUCTION_STATUS_CODES[production.status],
    status_string: production.status,
    error_status: isDone ? null : 2,
    error_message: isDone ? "" : "Audio decoding failed: the input file seems to be corrupt or truncated.",
    warning_status: null,
    warning_message: "",
    metadata: { ...template.metadata, title, tags: [...template.metadata.tags], ...production.metadataOverrides },
    output_basename: template.output_basename,
    output_files: OUTPUT_FILES.map((spec) => {
      const fixture = getFixture(spec.fixture);
      const filename = `${template.output_basename}.${spec.ending}`;
      return {
        format: spec.format,
        ending: spec.ending,
        suffix: "",
        filename,
        bitrate: spec.bitrate,
        size: isDone ? fixture.size : null,
        size_string: isDone ? formatSize(fixture.size) : "",
        checksum: isDone ? fixture.md5 : null,
        mono_mixdown: spec.mono_mixdown,
        split_on_chapters: false,
        download_url: isDone ? `${base}/api/download/audio-result/${production.uuid}/${filename}` : null,
        outgoing_services: [],
      };
    }),
    chapters: template.chapters.map((chapter) => ({
      title: chapter.title,
      url: chapter.url ?? "",
      image: chapter.hasImage ? (production.imageUrlOverride ?? uploadUrl(CHAPTER_IMAGE_FILENAME)) : null,
      start: formatTimestring(chapter.start_sec),
      start_sec: chapter.start_sec,
      start_output: formatTimestring(chapter.start_output_sec),
      start_output_sec: chapter.start_output_sec,
    })),
    image,
    thumbnail: image,
    length: FIXTURE_AUDIO_LENGTH_SEC,
    length_timestring: formatTimestring(FIXTURE_AUDIO_LENGTH_SEC),
    creation_time: new Date(production.createdAt).toISOString(),
    change_time: new Date(production.changedAt).toISOString(),
    input_file: template.input_file,
    format: "wav",
    bitrate: 0,
    samplerate: 44100,
    channels: 1,
    statistics: {
      levels: { input: { ...template.levels.input }, output: { ...template.levels.output } },
      music_speech: [
        { label: "speech", start: "00:00:00.000", start_sec: 0, end: formatTimestring(FIXTURE_AUDIO_LENGTH_SEC), end_sec: FIXTURE_AUDIO_LENGTH_SEC },
      ],
    },
    speech_recognition: { type: "whisper", language: "en", keywords: [] as string[], uuid: null },
    outgoing_services: production.outgoing.map(renderOutgoingService),
    in_review: production.inReview,
    review_before_publishing: production.reviewBeforePublishing,
    is_multitrack: false,
    multi_input_files: [] as unknown[],
    algorithms: {
      hipfilter: true,
      leveler: true,
      normloudness: true,
      loudnesstarget: -16,
      maxpeak: -1,
      denoise: true,
      denoiseamount: 0,
      silence_cutter: template.cuts.length > 0,
      filler_cutter: template.cuts.some((cut) => cut.type === "filler"),
    },
    cuts: template.cuts.map((cut) => ({ ...cut })),
    shownotes: template.shownotes,
    used_credits: isDone ? template.used_credits : 0,
    waveform_image: null,
    status_page: `${base}/engine/status/${production.uuid}/`,
    edit_page: `${base}/engine/upload/edit/${production.uuid}/`,
    preset: "",
  };
}

export type RenderedProduction = ReturnType<typeof renderProduction>;
