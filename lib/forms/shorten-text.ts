/** At most `max` characters: cut on a character boundary, with "…" in place of the rest. */
export function shortenText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never half a surrogate pair
  return `${text.slice(0, end).trimEnd()}…`;
}
