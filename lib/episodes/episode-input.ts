import { z } from "zod";

export const EDITABLE_FIELDS = ["title", "summary", "episodeNumber"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

// Shared by the form (browser) and the server action.
export const episodeInputSchema = z.object({
  episodeId: z.string().min(1),
  title: z.string().trim().min(1, "Enter a title.").max(300, "At most 300 characters."),
  // Browsers submit a textarea's line breaks as CRLF; stored notes use LF, so an untouched field stays unchanged.
  summary: z
    .string()
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(10_000, "At most 10,000 characters.")),
  episodeNumber: z
    .string()
    .trim()
    .refine((value) => value === "" || /^[1-9][0-9]{0,5}$/.test(value), "A whole number from 1, or empty.")
    .transform((value) => (value === "" ? null : Number(value))),
});

export type EpisodeInput = z.infer<typeof episodeInputSchema>;

export function parseEditedFields(json: string): EditableField[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? EDITABLE_FIELDS.filter((field) => value.includes(field)) : [];
  } catch {
    return [];
  }
}
