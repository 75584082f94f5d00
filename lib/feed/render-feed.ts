import "server-only";
import { db } from "@/lib/db";
import { publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import { parseChapters } from "@/lib/episodes/parse-episode-json";
import { mediaUrl } from "@/lib/storage/media-keys";
import { buildFeed, type FeedEpisode, type FeedFile } from "./build-feed";
import { chaptersUrl, feedUrl, publicShowUrl } from "./feed-urls";
import { transcriptType } from "./transcript-types";

/** Items per feed document; longer feeds are split with RFC 5005 paging links, never truncated. */
export const FEED_PAGE_SIZE = 1000;

// Keep in step with the SQL in lib/feed/feed-documents.ts.
const PUBLISHED = { state: "published", audioVersion: { gt: 0 }, publishedAt: { not: null } } as const;

type FeedShowRow = NonNullable<Awaited<ReturnType<typeof db.show.findUnique>>> & { podcastGuid: string };

/** One page of the show's RSS document. */
export async function renderFeed(show: FeedShowRow, page: number, pageCount: number, lastModified: Date): Promise<string> {
  const episodes = await db.episode.findMany({
    where: { showId: show.id, ...PUBLISHED },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * FEED_PAGE_SIZE,
    take: FEED_PAGE_SIZE,
    include: { files: { where: { kind: { in: ["audio", "transcript"] } } } },
    // The stored transcript cues are for the episode page; a feed links the transcript files.
    omit: { transcript: true },
  });
  return buildFeed({
    selfUrl: feedUrl(show.slug, page),
    lastBuildDate: lastModified,
    paging:
      pageCount > 1
        ? {
            first: feedUrl(show.slug, 1),
            last: feedUrl(show.slug, pageCount),
            next: page < pageCount ? feedUrl(show.slug, page + 1) : null,
            previous: page > 1 ? feedUrl(show.slug, page - 1) : null,
          }
        : null,
    show: {
      ...show,
      link: show.link ?? publicShowUrl(show.slug),
      coverUrl: show.coverPath ? mediaUrl(show.coverPath) : null,
    },
    episodes: episodes.flatMap((episode): FeedEpisode[] => {
      const enclosure = episode.files.find((file) => file.isEnclosure);
      if (!enclosure || !episode.publishedAt) return [];
      const asFeedFile = (file: typeof enclosure): FeedFile => ({
        url: mediaUrl(file.key),
        contentType: file.contentType,
        size: Number(file.size),
        bitrate: file.bitrate,
        format: file.format,
      });
      return [
        {
          ...episode,
          publishedAt: episode.publishedAt,
          link: publicEpisodeUrl(show.slug, episode.id),
          imageUrl: episode.coverKey ? mediaUrl(episode.coverKey) : null,
          enclosure: asFeedFile(enclosure),
          alternates: episode.files.filter((file) => file.kind === "audio" && !file.isEnclosure).map(asFeedFile),
          transcripts: episode.files.flatMap((file) => {
            const type = file.kind === "transcript" ? transcriptType(file.filename) : null;
            return type ? [{ url: mediaUrl(file.key), ...type }] : [];
          }),
          chaptersUrl: parseChapters(episode.chapters).length > 0 ? chaptersUrl(show.slug, episode.id) : null,
        },
      ];
    }),
  });
}
