import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyField } from "@/components/copy-field";
import { EpisodePlayer } from "@/components/episode-player";
import { ShareLinks } from "@/components/share-links";
import { SubscribeLinks } from "@/components/subscribe-links";
import { embedCode } from "@/lib/episodes/embed-code";
import { env } from "@/lib/env.js";
import { parseStartTime } from "@/lib/episodes/parse-start-time";
import { subscribeLinks } from "@/lib/shows/subscribe-links";
import { Transcript } from "@/components/transcript";
import { getPublicEpisode } from "@/lib/episodes/get-public-episode";
import { chaptersWithImageUrls } from "@/lib/episodes/chapters-with-image-urls";
import { formatDuration } from "@/lib/episodes/parse-episode-json";
import { publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import { readTranscript } from "@/lib/episodes/read-transcript";
import { renderShowNotesHtml, renderShowNotesText } from "@/lib/episodes/render-show-notes";
import { feedUrl } from "@/lib/feed/feed-urls";
import { mediaUrl } from "@/lib/storage/media-keys";

type Props = { params: Promise<{ slug: string; episodeId: string }>; searchParams: Promise<{ t?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, episodeId } = await params;
  const episode = await getPublicEpisode(slug, episodeId);
  if (!episode) return { title: "Episode not found" };
  const image = episode.coverKey ?? episode.show.coverPath;
  const enclosure = episode.files.find((file) => file.isEnclosure);
  return {
    title: `${episode.title} · ${episode.show.title}`,
    alternates: { types: { "application/rss+xml": [{ url: feedUrl(slug), title: episode.show.title }] } },
    description: episode.subtitle ?? (renderShowNotesText(episode.summary).slice(0, 200) || episode.show.description.slice(0, 200)),
    openGraph: {
      type: "music.song",
      title: episode.title,
      url: publicEpisodeUrl(slug, episode.id),
      images: image ? [mediaUrl(image)] : undefined,
      audio: enclosure ? [{ url: mediaUrl(enclosure.key), type: enclosure.contentType }] : undefined,
    },
    twitter: { card: "summary", title: episode.title, images: image ? [mediaUrl(image)] : undefined },
  };
}

export default async function PublicEpisodePage({ params, searchParams }: Props) {
  const { slug, episodeId } = await params;
  const episode = await getPublicEpisode(slug, episodeId);
  if (!episode) notFound();
  const enclosure = episode.files.find((file) => file.isEnclosure);
  const image = episode.coverKey ?? episode.show.coverPath;
  const transcript = readTranscript(episode);
  const notesHtml = renderShowNotesHtml(episode.summary);
  const chapters = chaptersWithImageUrls(episode.chapters);
  const pageUrl = publicEpisodeUrl(slug, episode.id);
  const embedUrl = `${env.appUrl}/embed/${slug}/episodes/${episode.id}`;

  return (
    <main lang={episode.show.language} className="mx-auto flex max-w-3xl flex-col gap-6 px-5 py-10">
      <Link href={`/podcasts/${slug}`} className="text-sm text-teal-800 underline">
        {episode.show.title}
      </Link>
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start">
        {image && (
          // eslint-disable-next-line @next/next/no-img-element -- served by our media route
          <img src={mediaUrl(image)} alt={`Cover art of ${episode.title}`} width={160} height={160} className="rounded-lg shadow-sm" />
        )}
        <div className="flex flex-col gap-1">
          <h1 className="text-3xl font-bold">{episode.title}</h1>
          {episode.subtitle && <p className="text-lg text-stone-700">{episode.subtitle}</p>}
          <p className="text-sm text-stone-600">
            {episode.publishedAt?.toISOString().slice(0, 10)} · {formatDuration(episode.durationSec)}
          </p>
        </div>
      </header>
      {enclosure && (
        <EpisodePlayer
          src={mediaUrl(enclosure.key)}
          type={enclosure.contentType}
          title={episode.title}
          chapters={chapters}
          startAtSec={parseStartTime((await searchParams).t, episode.durationSec)}
        />
      )}
      <SubscribeLinks links={subscribeLinks(episode.show, feedUrl(slug))} />
      {notesHtml && (
        <section aria-labelledby="notes">
          <h2 id="notes" className="text-lg font-semibold">
            Show notes
          </h2>
          {/* Sanitised by renderShowNotesHtml: an allow-list of tags, http(s) and mailto links only. */}
          <div data-testid="show-notes" className="show-notes" dangerouslySetInnerHTML={{ __html: notesHtml }} />
        </section>
      )}
      {transcript && <Transcript transcript={transcript} />}
      <ShareLinks url={pageUrl} title={`${episode.title} · ${episode.show.title}`} durationSec={episode.durationSec} />
      <section aria-labelledby="embed-heading" className="flex flex-col gap-2">
        <h2 id="embed-heading" className="text-lg font-semibold">
          Embed this episode
        </h2>
        <p className="text-sm text-stone-600">
          A player with chapters and the transcript for your website; add <code>?theme=dark</code> or <code>?theme=light</code> to the
          address to fix its colours (it follows the visitor&rsquo;s setting otherwise).
        </p>
        <CopyField label="Embed code" value={embedCode(embedUrl, episode.title)} />
      </section>
    </main>
  );
}
