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
