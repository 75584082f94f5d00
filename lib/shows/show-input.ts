import { z } from "zod";
import { hasControlCharacters, MULTILINE_MESSAGE, SINGLE_LINE_MESSAGE } from "@/lib/forms/has-control-characters";
import { APPLE_CATEGORY_VALUES } from "./apple-categories";
import { directoryLinksSchema } from "./directory-links";

// Control characters (NUL, escape sequences, lone surrogates) used to be saved as typed and end up in feeds.
const singleLine = (text: string) => !hasControlCharacters(text);
const multiline = (text: string) => !hasControlCharacters(text, { multiline: true });

/** An http(s) URL, or nothing when the field is left empty. */
const optionalUrl = (message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.url({ protocol: /^https?$/, error: message }).max(2000).refine(singleLine, SINGLE_LINE_MESSAGE).optional(),
  );
const checkbox = (value: unknown) => (value === undefined ? undefined : value === "on" || value === "true" || value === true);

/** The longest text each field takes; a moved-in show's text is shortened to them (lib/move-in/fit-form-limits.ts). */
export const SHOW_TEXT_LIMITS = { title: 255, description: 4000, author: 255, ownerName: 255 } as const;

// Shared by the form (browser) and the server action.
export const showInputSchema = z.object({
  title: z.string().trim().min(1, "Enter a title.").max(SHOW_TEXT_LIMITS.title, "At most 255 characters.").refine(singleLine, SINGLE_LINE_MESSAGE),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, "At least 3 characters.")
    .max(60, "At most 60 characters.")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes, e.g. family-podcast."),
  description: z
    .string()
    .trim()
    .min(1, "Describe the show in a sentence or more.")
    .max(SHOW_TEXT_LIMITS.description, "At most 4000 characters.")
    .refine(multiline, MULTILINE_MESSAGE),
  author: z
    .string()
    .trim()
    .min(1, "Enter the author shown in podcast apps.")
    .max(SHOW_TEXT_LIMITS.author, "At most 255 characters.")
    .refine(singleLine, SINGLE_LINE_MESSAGE),
  ownerName: z.string().trim().min(1, "Enter the owner's name.").max(SHOW_TEXT_LIMITS.ownerName, "At most 255 characters.").refine(singleLine, SINGLE_LINE_MESSAGE),
  ownerEmail: z.email("Enter a valid email address.").max(254),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "Use a language code such as en, de or en-US."),
  category: z.enum(APPLE_CATEGORY_VALUES as [string, ...string[]], { error: "Choose one of Apple's categories." }),
  explicit: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
  type: z.enum(["episodic", "serial"], { error: "Choose episodic or serial." }),
  link: optionalUrl("Enter a full http(s) URL, or leave it empty."),
  // Moving away. Checkboxes come with a hidden "off" before them, so that unticked says so (absent keeps the default).
  newFeedUrl: optionalUrl("Enter the new feed's full http(s) URL, or leave it empty."),
  redirectFeed: z.preprocess(checkbox, z.boolean().optional()),
  isLocked: z.preprocess(checkbox, z.boolean().optional()),
  // Where listeners find the show (lib/shows/directory-links.ts).
  ...directoryLinksSchema.shape,
});

export type ShowInput = z.infer<typeof showInputSchema>;

export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|(?<!-)-+$/g, "")
    .slice(0, 60)
    .replace(/(?<!-)-+$/, "");
}
