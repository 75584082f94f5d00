import { z } from "zod";

// Shared with the browser (the editor shows the same errors as the server), so no server-only import.
export const CUSTOM_DATA_MAX_BYTES = 2048;

/** Keys the import honours; every other key is kept and shown on episodes. */
export const knownCustomDataSchema = z.object({
  publishState: z.enum(["publish", "draft"], { error: 'must be "publish" or "draft"' }).optional(),
  episodeType: z.enum(["full", "trailer", "bonus"], { error: 'must be "full", "trailer" or "bonus"' }).optional(),
  season: z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be 1 or more")
    .max(9999, "must be at most 9999")
    .optional(),
  explicit: z.boolean({ error: "must be true or false" }).optional(),
});

export type KnownCustomData = z.infer<typeof knownCustomDataSchema>;

export type CustomDataResult =
  | { ok: true; value: Record<string, unknown>; known: KnownCustomData; unknownKeys: string[]; text: string }
  | { ok: false; errors: string[] };

export const CUSTOM_DATA_PRESETS = {
  publish: { label: "Publish now", value: { publishState: "publish", episodeType: "full" } },
  draft: { label: "Save as draft", value: { publishState: "draft", episodeType: "full" } },
  bonus: { label: "Bonus episode, published", value: { publishState: "publish", episodeType: "bonus" } },
  trailer: { label: "Trailer, draft", value: { publishState: "draft", episodeType: "trailer" } },
} as const;

export type CustomDataPreset = keyof typeof CUSTOM_DATA_PRESETS;

export function presetText(preset: CustomDataPreset): string {
  return JSON.stringify(CUSTOM_DATA_PRESETS[preset].value, null, 2);
}

/** Parses the `custom_data` a creator typed: a JSON object within the size limit, known keys well typed. */
export function parseCustomData(text: string): CustomDataResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > CUSTOM_DATA_MAX_BYTES) {
    return { ok: false, errors: [`Too long: ${bytes} bytes, at most ${CUSTOM_DATA_MAX_BYTES} are allowed.`] };
  }
  if (text.trim() === "") return { ok: false, errors: ["Enter a JSON object, for example {}."] };

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [describeJsonError(text, error)] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, errors: ["Must be a JSON object ({ … }), not " + (Array.isArray(value) ? "an array." : `a ${value === null ? "null" : typeof value}.`)] };
  }

  const known = knownCustomDataSchema.safeParse(value);
  if (!known.success) {
    return { ok: false, errors: known.error.issues.map((issue) => `"${issue.path.join(".")}" ${issue.message}.`) };
  }
  const knownKeys = Object.keys(knownCustomDataSchema.shape);
  const record = value as Record<string, unknown>;
  return {
    ok: true,
    value: record,
    known: known.data,
    unknownKeys: Object.keys(record).filter((key) => !knownKeys.includes(key)),
    text: JSON.stringify(record),
  };
}

function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  const reason = message.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  if (position === undefined) return `Not valid JSON: ${reason}.`;
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `Not valid JSON at line ${line}, column ${column}: ${reason}.`;
}
