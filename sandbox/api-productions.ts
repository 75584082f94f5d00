import { unlink } from "node:fs/promises";
import type { SandboxContext } from "./context.js";
import type { FormErrors } from "./envelope.js";
import { createUuid22 } from "./ids.js";
import { validateMetadata } from "./metadata.js";
import type { ReceivedFile } from "./multipart.js";
import { readServiceUuids } from "./presets.js";
import { createOutgoingEntry, nextProductionSeq, publishFinishedProduction } from "./productions.js";
import { IMAGE_CONTENT_TYPES, readMp3Frame, sniffAudio, sniffImage } from "./sniff.js";
import type { Preset, Production, ProductionStatus, StoredFile, User } from "./state.js";

/** A refusal in Auphonic's terms: HTTP status, error_message and form_errors. */
export type ApiRefusal = { status: number; message: string; formErrors?: FormErrors };

type ProductionFields = {
  preset?: Preset | null;
  metadata?: Record<string, unknown>;
  serviceUuids?: string[];
  imageUrl?: string | null;
  reviewBeforePublishing?: boolean;
  start: boolean;
  resetData: boolean;
};

const RUNNING: readonly ProductionStatus[] = ["Waiting", "Audio Processing", "Audio Encoding", "Outgoing File Transfer"];

export function isRunning(production: Production): boolean {
  return RUNNING.includes(production.status);
}

const invalid = (formErrors: FormErrors): ApiRefusal => ({ status: 400, message: "Invalid input data.", formErrors });

/** Reads the JSON body of POST /api/productions.json and /api/production/{uuid}.json; unknown keys are ignored. */
function readFields(ctx: SandboxContext, user: User, body: Record<string, unknown>): ProductionFields | ApiRefusal {
  const errors: FormErrors = {};
  const fields: ProductionFields = { start: false, resetData: false };
  if (body.preset !== undefined && body.preset !== null && body.preset !== "") {
    const preset = ctx.state.presets.find((p) => p.uuid === body.preset && p.userId === user.user_id);
    if (typeof body.preset !== "string" || !preset) errors.preset = ["Unknown preset: use the uuid of one of your presets."];
    else fields.preset = preset;
  } else if (body.preset !== undefined) fields.preset = null;
  if (body.metadata !== undefined && body.metadata !== null) {
    const metadata = validateMetadata(body.metadata);
    if ("errors" in metadata) errors.metadata = metadata.errors;
    else fields.metadata = metadata.value;
  }
  if (body.outgoing_services !== undefined && body.outgoing_services !== null) {
    const services = readServiceUuids(ctx, user.user_id, body.outgoing_services);
    if ("errors" in services) errors.outgoing_services = services.errors;
    else fields.serviceUuids = services.uuids;
  }
  if (body.image !== undefined) {
    const image = body.image;
    if (image === null || image === "") fields.imageUrl = null;
    else if (typeof image !== "string" || image.length > 2_000 || !isHttpUrl(image)) errors.image = ["Enter a valid http(s) URL."];
    else fields.imageUrl = image;
  }
  if (body.review_before_publishing !== undefined) {
    if (typeof body.review_before_publishing !== "boolean") errors.review_before_publishing = ["Must be a boolean."];
    else fields.reviewBeforePublishing = body.review_before_publishing;
  }
  if (body.action !== undefined && body.action !== null && body.action !== "") {
    if (body.action !== "start") errors.action = ['The only action is "start".'];
    else fields.start = true;
  }
  if (body.reset_data !== undefined) {
    if (typeof body.reset_data !== "boolean") errors.reset_data = ["Must be a boolean."];
    else fields.resetData = body.reset_data;
  }
  return Object.keys(errors).length > 0 ? invalid(errors) : fields;
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
}

function isRefusal(value: ProductionFields | ApiRefusal): value is ApiRefusal {
  return "status" in value;
}

function setServices(production: Production, uuids: string[], ctx: SandboxContext): void {
  production.outgoing = uuids.map((uuid) => {
    const existing = production.outgoing.find((entry) => entry.uuid === uuid);
    const service = ctx.state.services.find((s) => s.uuid === uuid)!;
    return existing ?? createOutgoingEntry(service);
  });
}

const bump = (ctx: SandboxContext, production: Production) => {
  production.changedAt = Math.max(ctx.now(), production.changedAt + 1);
};

const NO_INPUT: ApiRefusal = {
  status: 400,
  message: "The production has no input file: upload one, then start it.",
  formErrors: { input_file: ["No input file: upload one with upload.json first."] },
};

/** POST /api/productions.json: a new production (status 9 Incomplete); the preset fills what the body leaves out. */
export function createApiProduction(ctx: SandboxContext, user: User, body: Record<string, unknown>): Production | ApiRefusal {
  const fields = readFields(ctx, user, body);
  if (isRefusal(fields)) return fields;
  if (fields.start) return NO_INPUT;
  const preset = fields.preset ?? null;
  const now = ctx.now();
  const production: Production = {
    uuid: createUuid22(),
    userId: user.user_id,
    template: "minimal",
    api: {
      metadata: { ...structuredClone(preset?.metadata ?? {}), ...fields.metadata },
      presetUuid: preset?.uuid ?? null,
      input: null,
      inputProblem: null,
      inputLengthSec: null,
      inputKbps: null,
      image: null,
      imageUrl: fields.imageUrl ?? null,
      errorMessage: "",
    },
    status: "Incomplete",
    runCount: 0,
    createdAt: now,
    changedAt: now,
    seq: nextProductionSeq(ctx),
    outgoing: [],
    inReview: false,
    reviewBeforePublishing: fields.reviewBeforePublishing ?? preset?.review_before_publishing ?? false,
  };
  setServices(production, fields.serviceUuids ?? preset?.outgoingServiceUuids ?? [], ctx);
  ctx.state.productions.set(production.uuid, production);
  return production;
}

const TEMPLATE_ONLY: ApiRefusal = {
  status: 400,
  message: "This production was made on the control page; the sandbox changes only productions made through the API.",
};
const IS_RUNNING: ApiRefusal = { status: 400, message: "The production is running: wait until it is done." };

/** POST /api/production/{uuid}.json: merges the fields given; `reset_data: true` replaces instead. */
export function updateApiProduction(ctx: SandboxContext, production: Production, body: Record<string, unknown>): ApiRefusal | undefined {
  const api = production.api;
  if (!api) return TEMPLATE_ONLY;
  if (isRunning(production)) return IS_RUNNING;
  const user = ctx.state.users.find((u) => u.user_id === production.userId)!;
  const fields = readFields(ctx, user, body);
  if (isRefusal(fields)) return fields;
  if (fields.start && !api.input) return NO_INPUT;
  const preset = fields.preset;
  if (fields.resetData) {
    api.metadata = { ...structuredClone(preset?.metadata ?? {}), ...fields.metadata };
    api.imageUrl = fields.imageUrl ?? null;
    removeFile(api.image);
    api.image = null;
    production.reviewBeforePublishing = fields.reviewBeforePublishing ?? preset?.review_before_publishing ?? false;
    setServices(production, fields.serviceUuids ?? preset?.outgoingServiceUuids ?? [], ctx);
  } else {
    api.metadata = { ...api.metadata, ...(preset ? structuredClone(preset.metadata) : {}), ...fields.metadata };
    if (fields.imageUrl !== undefined) api.imageUrl = fields.imageUrl;
    const review = fields.reviewBeforePublishing ?? (preset ? preset.review_before_publishing : undefined);
    if (review !== undefined) production.reviewBeforePublishing = review;
    const services = fields.serviceUuids ?? (preset ? preset.outgoingServiceUuids : undefined);
    if (services) setServices(production, services, ctx);
  }
  if (preset !== undefined) api.presetUuid = preset?.uuid ?? null;
  bump(ctx, production);
  return fields.start ? startApiProduction(ctx, production) : undefined;
}

function removeFile(file: StoredFile | null): void {
  if (file) void unlink(file.path).catch(() => {});
}

/** A name for the result files from the input's filename, as Auphonic does: safe characters only. */
export function outputBasename(production: Production): string {
  const filename = production.api?.input?.filename ?? "";
  const dot = filename.lastIndexOf(".");
  const stem = (dot > 0 ? filename.slice(0, dot) : filename).slice(0, 100);
  let safe = "";
  for (const char of stem) safe += /[A-Za-z0-9_-]/.test(char) ? char : "-";
  return safe || "production";
}

/** Takes the files of upload.json: `input_file` (kept even when it is not audio: processing fails later) and `image`. */
export function attachUploadedFiles(ctx: SandboxContext, production: Production, files: Map<string, ReceivedFile>): ApiRefusal | undefined {
  const api = production.api!;
  const input = files.get("input_file");
  const image = files.get("image");
  const errors: FormErrors = {};
  if (!input && !image) errors.input_file = ["No file was submitted: send an input_file or image part."];
  if (input && input.size === 0) errors.input_file = ["The submitted file is empty."];
  const imageKind = image ? sniffImage(image.head) : undefined;
  if (image && !imageKind) errors.image = ["Upload a valid image: JPEG, PNG, GIF or WebP."];
  if (Object.keys(errors).length > 0) {
    for (const file of files.values()) removeFile(file);
    return invalid(errors);
  }
  if (input) {
    removeFile(api.input);
    const filename = (input.filename.split(/[/\\]/).pop() ?? "").slice(-255) || "input";
    api.input = toStoredFile(input, filename, input.contentType);
    const kind = sniffAudio(input.head);
    api.inputProblem = kind
      ? null
      : `Audio decoding failed: the input file "${api.input.filename}" is not an audio file (its content is not MP3, WAV, FLAC, AIFF, Ogg or MP4 audio).`;
    const frame = readMp3Frame(input.head);
    api.inputKbps = frame?.kbps ?? null;
    api.inputLengthSec = frame ? Math.round(((input.size - frame.offset) * 8) / (frame.kbps * 1000) * 1000) / 1000 : null;
    production.status = "Production Not Started Yet";
  }
  if (image && imageKind) {
    removeFile(api.image);
    api.image = toStoredFile(image, `cover.${imageKind}`, IMAGE_CONTENT_TYPES[imageKind]);
  }
  for (const [name, file] of files) if (name !== "input_file" && name !== "image") removeFile(file);
  bump(ctx, production);
  return undefined;
}

function toStoredFile(file: ReceivedFile, filename: string, contentType: string): StoredFile {
  return { path: file.path, filename, size: file.size, md5: file.md5, contentType };
}

export function checkUploadAllowed(production: Production): ApiRefusal | undefined {
  if (!production.api) return TEMPLATE_ONLY;
  if (isRunning(production)) return IS_RUNNING;
  return undefined;
}

const STEPS: readonly ProductionStatus[] = RUNNING;

/**
 * POST /api/production/{uuid}/start.json: Waiting, Audio Processing, Audio Encoding, Outgoing File Transfer, each a
 * quarter of SANDBOX_PROCESSING_MS, then Done (or Error when the input is not audio) and what Auphonic does then.
 */
export function startApiProduction(ctx: SandboxContext, production: Production): ApiRefusal | undefined {
  const api = production.api;
  if (!api) return TEMPLATE_ONLY;
  if (isRunning(production)) return { status: 400, message: "The production is already running." };
  if (!api.input) return NO_INPUT;
  production.runCount += 1;
  production.inReview = false;
  api.errorMessage = "";
  for (const entry of production.outgoing) {
    entry.delivery_state = "not_sent";
    entry.transfer_success = null;
    entry.error_message = "";
  }
  production.status = STEPS[0]!;
  bump(ctx, production);

  const stepMs = ctx.config.processingMs / STEPS.length;
  const epoch = ctx.state.epoch;
  let step = 0;
  let timer: NodeJS.Timeout;
  const handle = { cancel: () => clearTimeout(timer) };
  const advance = () => {
    if (ctx.state.epoch !== epoch || ctx.state.productions.get(production.uuid) !== production) {
      ctx.processing.delete(handle);
      return;
    }
    step += 1;
    if (step < STEPS.length) {
      production.status = STEPS[step]!;
      bump(ctx, production);
      timer = setTimeout(advance, stepMs);
      return;
    }
    ctx.processing.delete(handle);
    finishApiProduction(ctx, production);
  };
  timer = setTimeout(advance, stepMs);
  ctx.processing.add(handle);
  return undefined;
}

function finishApiProduction(ctx: SandboxContext, production: Production): void {
  const api = production.api!;
  if (api.inputProblem) {
    production.status = "Error";
    api.errorMessage = api.inputProblem;
  } else {
    production.status = "Done";
    production.inReview = production.reviewBeforePublishing;
  }
  bump(ctx, production);
  ctx.log(`production ${production.uuid} ${production.status}${production.inReview ? " (in review)" : ""}`);
  publishFinishedProduction(ctx, production);
}
