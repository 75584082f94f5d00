import { z } from "zod";

// What the creator may change and a re-import then keeps (lib/episodes/import-production.ts); `coverKey` is their
// uploaded artwork. The publish date is not here: imports never set it.
export const EDITABLE_FIELDS = ["title", "summary", "episodeNumber", "season", "episodeType", "explicit", "coverKey"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const EPISODE_TYPES = ["full", "trailer", "bonus"] as const;
export const EXPLICIT_CHOICES = { default: null, yes: true, no: false } as const;

/** A form value for `<input type="datetime-local">`, converted in the creator's time zone by the server. */
export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

const wholeNumber = (maxDigits: number, message: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === "" || new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`).test(value), message)
    .transform((value) => (value === "" ? null : Number(value)));

/** The longest text each field takes; a moved-in episode's text is shortened to them (lib/move-in/fit-form-limits.ts). */
export const EPISODE_TEXT_LIMITS = { title: 300, summary: 10_000 } as const;

// Shared by the form (browser) and the server action.
export const episodeInputSchema = z.object({
  episodeId: z.string().min(1),
  title: z.string().trim().min(1, "Enter a title.").max(EPISODE_TEXT_LIMITS.title, "At most 300 characters."),
  // Browsers submit a textarea's line breaks as CRLF; stored notes use LF, so an untouched field stays unchanged.
  summary: z
    .string()
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(EPISODE_TEXT_LIMITS.summary, "At most 10,000 characters.")),
  episodeNumber: wholeNumber(6, "A whole number from 1, or empty."),
  // The fields below came later: a submission without them (an older form) leaves them as they are.
  season: wholeNumber(4, "A whole number from 1 to 9999, or empty.").optional(),
  episodeType: z.enum(EPISODE_TYPES, { error: "Choose full, trailer or bonus." }).optional(),
  explicit: z
    .enum(["default", "yes", "no"], { error: "Choose yes, no or the show's setting." })
    .transform((value) => EXPLICIT_CHOICES[value])
    .optional(),
  publishedAt: z
    .string()
    .trim()
    .refine((value) => value === "" || LOCAL_DATE_TIME.test(value), "Enter a date and time, for example 2026-12-24 18:30.")
    .optional(),
  /** The browser's zone, taken as the creator's when they have none yet (lib/users/get-user-time-zone.ts). */
  browserTimeZone: z.string().max(64).optional(),
  removeArtwork: z
    .literal("on")
    .optional()
    .transform((value) => value === "on"),
});

export type EpisodeInput = Omit<z.infer<typeof episodeInputSchema>, "removeArtwork"> & { removeArtwork?: boolean };

/** When to publish a draft: a local date and time in the creator's zone (the form's `browserTimeZone` as above). */
export const scheduleInputSchema = z.object({
  episodeId: z.string().min(1),
  publishAt: z.string().trim().regex(LOCAL_DATE_TIME, "Enter a date and time, for example 2026-12-24 18:30."),
  browserTimeZone: z.string().max(64).optional(),
});

export type ScheduleInput = z.infer<typeof scheduleInputSchema>;

export function parseEditedFields(json: string): EditableField[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? EDITABLE_FIELDS.filter((field) => value.includes(field)) : [];
  } catch {
    return [];
  }
}
