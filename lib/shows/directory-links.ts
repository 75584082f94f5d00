import { z } from "zod";

// Where a show is listed: the directories whose links a creator can store (show form) and listeners see on the
// public pages. Links must point at the directory's own site, so a show page never carries someone else's link.
export const DIRECTORIES = [
  { field: "appleUrl", name: "Apple Podcasts", hosts: ["podcasts.apple.com"], example: "https://podcasts.apple.com/podcast/id1234567890" },
  { field: "spotifyUrl", name: "Spotify", hosts: ["open.spotify.com"], example: "https://open.spotify.com/show/…" },
  { field: "youtubeMusicUrl", name: "YouTube Music", hosts: ["music.youtube.com", "youtube.com", "www.youtube.com"], example: "https://music.youtube.com/playlist?list=…" },
  { field: "overcastUrl", name: "Overcast", hosts: ["overcast.fm"], example: "https://overcast.fm/itunes1234567890" },
  { field: "pocketCastsUrl", name: "Pocket Casts", hosts: ["pca.st", "pocketcasts.com", "play.pocketcasts.com"], example: "https://pca.st/…" },
  { field: "podcastAddictUrl", name: "Podcast Addict", hosts: ["podcastaddict.com"], example: "https://podcastaddict.com/podcast/…" },
] as const;

export type DirectoryField = (typeof DIRECTORIES)[number]["field"];

/** A directory link field: empty, or an https URL on that directory's site. */
function directoryUrl(name: string, hosts: readonly string[]) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value),
    z
      .url({ protocol: /^https$/, error: `Enter the show's https link on ${name}, or leave it empty.` })
      .max(500, "At most 500 characters.")
      .refine((value) => hosts.includes(new URL(value).hostname), `This is not a ${name} link (${hosts[0]}).`)
      .optional(),
  );
}

export const directoryLinksSchema = z.object(
  Object.fromEntries(DIRECTORIES.map((directory) => [directory.field, directoryUrl(directory.name, directory.hosts)])) as Record<
    DirectoryField,
    ReturnType<typeof directoryUrl>
  >,
);

/** The columns to save: every field, empty ones as null (so clearing a link removes it). */
export function directoryLinkColumns(input: Partial<Record<DirectoryField, unknown>>): Record<DirectoryField, string | null> {
  return Object.fromEntries(DIRECTORIES.map(({ field }) => [field, typeof input[field] === "string" ? input[field] : null])) as Record<DirectoryField, string | null>;
}
