import { z } from "zod";
import { hasControlCharacters, SINGLE_LINE_MESSAGE } from "@/lib/forms/has-control-characters";
import { parseCustomData } from "./custom-data";

// Shared by the form (browser) and the server action.
export const connectionInputSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, "Enter a name, e.g. “Family Podcast - Publish Now”.")
    .max(100, "At most 100 characters.")
    .refine((name) => !/^podhaven\b/i.test(name), "Auphonic already puts “Podhaven” in front; leave it out.")
    // Auphonic shows the name in its UI; a NUL or line break used to be registered there as typed.
    .refine((name) => !hasControlCharacters(name), SINGLE_LINE_MESSAGE),
  customData: z.string().transform((text, context) => {
    const result = parseCustomData(text);
    if (!result.ok) {
      for (const message of result.errors) context.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return result.text;
  }),
});

export type ConnectionInput = z.infer<typeof connectionInputSchema>;
