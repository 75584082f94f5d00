import "server-only";
import { z } from "zod";

// Auphonic's production record (docs/auphonic-api.md §5). Every key may be missing, empty or oddly typed: the schema
// accepts what is usable and turns the rest into undefined instead of failing the whole import.
const text = z.string().nullish().catch(undefined);
const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).nullish().catch(undefined);
const httpUrl = z.url({ protocol: /^https?$/ }).nullish().catch(undefined);

const outputFileSchema = z.object({
  format: text,
  ending: text,
  filename: text,
  bitrate: num,
  size: num,
  checksum: z.string().regex(/^[0-9a-fA-F]{32}$/).nullish().catch(undefined),
  download_url: httpUrl,
});

const chapterSchema = z.object({
  title: text,
  url: httpUrl,
  image: httpUrl,
  start_sec: num,
  start_output_sec: num,
});

const levelSchema = z.tuple([z.number(), z.string()]).nullish().catch(undefined);

export const productionSchema = z.object({
  uuid: z.string(),
  status: num,
  status_string: text,
  error_message: text,
  change_time: text,
  creation_time: text,
  // True while the production waits for the creator's approval in Auphonic (review_before_publishing).
  in_review: z.boolean().nullish().catch(undefined),
  length: num,
  image: httpUrl,
  metadata: z
    .object({
      title: text,
      subtitle: text,
      summary: text,
      artist: text,
      album: text,
      track: text.or(num).catch(undefined),
      year: text.or(num).catch(undefined),
      publisher: text,
      url: httpUrl,
      license: text,
      tags: z.array(z.unknown()).nullish().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  output_files: z.array(outputFileSchema.catch({})).nullish().catch(undefined),
  chapters: z.array(chapterSchema.catch({})).nullish().catch(undefined),
  // The publishing targets the production was sent to (our connections among them).
  outgoing_services: z.array(z.object({ uuid: text, display_name: text }).catch({})).nullish().catch(undefined),
  statistics: z
    .object({ levels: z.object({ output: z.object({ loudness: levelSchema, peak: levelSchema, lra: levelSchema }).nullish().catch(undefined) }).nullish().catch(undefined) })
    .nullish()
    .catch(undefined),
});

export type AuphonicProduction = z.infer<typeof productionSchema>;
export type AuphonicOutputFile = z.infer<typeof outputFileSchema>;

export const PRODUCTION_STATUS = { ERROR: 2, DONE: 3 } as const;
