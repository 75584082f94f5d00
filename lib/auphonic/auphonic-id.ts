/**
 * Auphonic's production, preset and service uuids: 22 characters of [A-Za-z0-9] (docs/auphonic-api.md §1). The one
 * spelling of that rule: AUPHONIC_ID is for zod schemas (`z.string().regex(AUPHONIC_ID)`), isAuphonicId for the rest.
 */
export const AUPHONIC_ID = /^[A-Za-z0-9]{22}$/;

export function isAuphonicId(value: unknown): value is string {
  return typeof value === "string" && AUPHONIC_ID.test(value);
}
