import { z } from "zod";

// Shared with the browser (the editor shows the same errors as the server), so no server-only import.
export const CUSTOM_DATA_MAX_BYTES = 2048;

export const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
export const PUBLISH_DELAY_MAX_HOURS = 24 * 366;

/** Keys the import honours; every other key is kept and shown on episodes. */
export const knownCustomDataSchema = z
  .object({
    publishState: z.enum(["publish", "draft", "schedule"], { error: 'must be "publish", "draft" or "schedule"' }).optional(),
    // With "schedule", one of these: the next weekday and time (or the next time), in the creator's time zone (their
    // account page), or a number of hours after the import (lib/episodes/plan-scheduled-release.ts).
    publishAt: z
      .strictObject(
        {
          weekday: z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.map((day) => `"${day}"`).join(", ")}` }).optional(),
          time: z.string({ error: 'must be a time such as "06:00"' }).regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time such as "06:00"'),
        },
        { error: 'must be an object such as {"weekday": "friday", "time": "06:00"}' },
      )
      .optional(),
    publishDelayHours: z
      .number({ error: "must be a whole number of hours" })
      .int("must be a whole number of hours")
      .min(1, "must be 1 or more")
      .max(PUBLISH_DELAY_MAX_HOURS, `must be at most ${PUBLISH_DELAY_MAX_HOURS}`)
      .optional(),
    episodeType: z.enum(["full", "trailer", "bonus"], { error: 'must be "full", "trailer" or "bonus"' }).optional(),
    season: z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be 1 or more")
      .max(9999, "must be at most 9999")
      .optional(),
    explicit: z.boolean({ error: "must be true or false" }).optional(),
  })
  .superRefine((value, context) => {
    const isScheduled = value.publishState === "schedule";
    const rules = [value.publishAt, value.publishDelayHours].filter((rule) => rule !== undefined).length;
    if (isScheduled && rules !== 1) {
      context.addIssue({ code: "custom", path: ["publishState"], message: 'needs exactly one of "publishAt" or "publishDelayHours" when it is "schedule"' });
    }
    for (const key of ["publishAt", "publishDelayHours"] as const) {
      if (!isScheduled && value[key] !== undefined) context.addIssue({ code: "custom", path: [key], message: 'only applies with "publishState": "schedule"' });
    }
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
  scheduled: { label: "Scheduled: next Friday 06:00", value: { publishState: "schedule", publishAt: { weekday: "friday", time: "06:00" }, episodeType: "full" } },
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
  const reason = message.replace(/ in JSON at position \d.*$/, "").replace(/^JSON\.parse: /, "");
  if (position === undefined) return `Not valid JSON: ${reason}.`;
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `Not valid JSON at line ${line}, column ${column}: ${reason}.`;
}
