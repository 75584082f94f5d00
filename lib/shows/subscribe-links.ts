import { DIRECTORIES, type DirectoryField } from "./directory-links";

export type SubscribeLink = { name: string; href: string };

const withoutScheme = (url: string) => url.replace(/^https?:\/\//, "");

/**
 * The public pages' subscribe buttons: the directories the creator linked, then the apps that take a feed
 * directly (Overcast and Pocket Casts by their URL schemes when not linked, `podcast://` for the others that
 * register it), then the RSS feed itself.
 */
export function subscribeLinks(show: Partial<Record<DirectoryField, string | null>>, feedUrl: string): SubscribeLink[] {
  const links: SubscribeLink[] = DIRECTORIES.flatMap(({ field, name }) => (show[field] ? [{ name, href: show[field] }] : []));
  if (!show.overcastUrl) links.push({ name: "Overcast", href: `overcast://x-callback-url/add?url=${encodeURIComponent(feedUrl)}` });
  if (!show.pocketCastsUrl) links.push({ name: "Pocket Casts", href: `pktc://subscribe/${withoutScheme(feedUrl)}` });
  links.push({ name: "Other podcast apps", href: `podcast://${withoutScheme(feedUrl)}` });
  links.push({ name: "RSS feed", href: feedUrl });
  return links;
}

/** A share link's start time: `t=<seconds>` or `t=<m:ss>`/`<h:mm:ss>`; anything else (or past the end) is none. */
export function parseStartTime(value: string | string[] | undefined, durationSec: number | null): number | null {
  if (typeof value !== "string" || value.length > 12) return null;
  const parts = /^\d+$/.test(value) ? [Number(value)] : /^\d{1,3}(:[0-5]\d){1,2}$/.test(value) ? value.split(":").map(Number) : null;
  if (!parts) return null;
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  if (durationSec !== null && seconds >= durationSec) return null;
  return seconds;
}
