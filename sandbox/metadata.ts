/** Production and preset metadata as Auphonic takes it in JSON bodies (API.md §6): checked, unknown keys dropped. */

const STRING_FIELDS = [
  "title",
  "subtitle",
  "summary",
  "artist",
  "album",
  "genre",
  "publisher",
  "url",
  "license",
  "license_url",
] as const;
/** Auphonic answers these as strings even when sent as numbers. */
const NUMERIC_STRING_FIELDS = ["track", "year"] as const;
const MAX_TEXT = 20_000;

export type MetadataResult = { value: Record<string, unknown> } | { errors: string[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function validateMetadata(input: unknown): MetadataResult {
  if (!isPlainObject(input)) return { errors: ["Must be a JSON object."] };
  const errors: string[] = [];
  const value: Record<string, unknown> = {};
  for (const key of STRING_FIELDS) {
    const field = input[key];
    if (field === undefined) continue;
    if (field === null) value[key] = "";
    else if (typeof field !== "string") errors.push(`${key}: Not a valid string.`);
    else if (field.length > MAX_TEXT) errors.push(`${key}: Ensure this field has no more than ${MAX_TEXT} characters.`);
    else value[key] = field;
  }
  for (const key of NUMERIC_STRING_FIELDS) {
    const field = input[key];
    if (field === undefined) continue;
    if (field === null) value[key] = "";
    else if (typeof field === "number" && Number.isInteger(field) && field >= 0) value[key] = String(field);
    else if (typeof field !== "string" || field.length > 20) errors.push(`${key}: Not a valid string.`);
    else value[key] = field;
  }
  if (input.tags !== undefined) {
    const tags = input.tags;
    if (!Array.isArray(tags) || tags.length > 200 || !tags.every((tag) => typeof tag === "string" && tag.length <= 200)) {
      errors.push("tags: Must be a list of strings.");
    } else value.tags = tags.length === 0 ? [""] : [...tags];
  }
  if (input.location !== undefined && input.location !== null) {
    const location = input.location;
    const isCoordinate = (v: unknown) => v === undefined || v === null || typeof v === "string" || typeof v === "number";
    if (!isPlainObject(location) || !isCoordinate(location.latitude) || !isCoordinate(location.longitude)) {
      errors.push("location: Must be an object with latitude and longitude.");
    } else {
      const text = (v: unknown) => (v === undefined || v === null ? null : String(v));
      value.location = { latitude: text(location.latitude), longitude: text(location.longitude) };
    }
  }
  if (input.append_chapters !== undefined) {
    if (typeof input.append_chapters !== "boolean") errors.push("append_chapters: Must be a boolean.");
    else value.append_chapters = input.append_chapters;
  }
  return errors.length > 0 ? { errors } : { value };
}
