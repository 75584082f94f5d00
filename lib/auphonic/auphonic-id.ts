/** Auphonic's production, preset and service uuids: 22 characters of [A-Za-z0-9] (docs/auphonic-api.md §1). */
export function isAuphonicId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9]{22}$/.test(value);
}
