import { z } from "zod";
import { parseCustomData } from "./custom-data";

// Shared by the form (browser) and the server action.
export const connectionInputSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, "Enter a name, e.g. “Family Podcast - Publish Now”.")
    .max(100, "At most 100 characters.")
    .refine((name) => !/^podhaven\b/i.test(name), "Auphonic already puts “Podhaven” in front; leave it out."),
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
