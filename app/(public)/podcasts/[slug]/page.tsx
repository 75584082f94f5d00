import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { formatDuration } from "@/lib/episodes/parse-episode-json";
import { CopyField } from "@/components/copy-field";
import { ShareLinks } from "@/components/share-links";
import { SubscribeLinks } from "@/components/subscribe-links";
import { embedCode } from "@/lib/episodes/embed-code";
import { env } from "@/lib/env.js";
import { subscribeLinks } from "@/lib/shows/subscribe-links";
import { feedUrl } from "@/lib/feed/feed-urls";
import { mediaUrl } from "@/lib/storage/media-keys";

type Props = { params: Promise<{ slug: string }> };

async function getPublicShow(slug: string) {
  // A moved-in show is not public until its creator proves the old feed is theirs.
  return db.show.findUnique({
    where: { slug, isVerified: true },
    include: {
      episodes: { where: { state: "published", audioVersion: { gt: 0 } }, orderBy: { publishedAt: "desc" }, take: 50, omit: { transcript: true } },
    },
  });
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const show = await getPublicShow((await params).slug);
  if (!show) return { title: "Show not found" };
  return {
    title: show.title,
    description: show.description.slice(0, 200),
    alternates: { types: { "application/rss+xml": [{ url: feedUrl(show.slug), title: show.title }] } },
    twitter: { card: "summary", title: show.title, images: show.coverPath ? [mediaUrl(show.coverPath)] : undefined },
    openGraph: { title: show.title, images: show.coverPath ? [mediaUrl(show.coverPath)] : undefined },
  };
}

export default async function PublicShowPage({ params }: Props) {
  const show = await getPublicShow((await params).slug);
  if (!show) notFound();
  return (
    <main lang={show.language} className="mx-auto flex max-w-3xl flex-col gap-6 px-5 py-10">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start">
        {show.coverPath && (
          // eslint-disable-next-line @next/next/no-img-element -- served by our media route
          <img src={mediaUrl(show.coverPath)} alt={`Cover art of ${show.title}`} width={180} height={180} className="rounded-lg shadow-sm" />
        )}
        <div className="flex flex-col gap-2">
          <h1 className="text-3xl font-bold">{show.title}</h1>
          <p className="text-stone-700">{show.description}</p>
          <p className="text-sm text-stone-600">by {show.author}</p>
          {show.link && /^https?:\/\//.test(show.link) && (
            <p>
              <a href={show.link} rel="noopener" className="text-teal-800 underline" data-testid="show-website">
                Website
              </a>
            </p>
          )}
          <CopyField label="Podcast feed" value={feedUrl(show.slug)} />
          <p className="text-sm text-stone-600">Paste this address into your podcast app to subscribe.</p>
        </div>
      </header>
      <SubscribeLinks links={subscribeLinks(show, feedUrl(show.slug))} />
      <section aria-labelledby="episodes">
        <h2 id="episodes" className="mb-2 text-xl font-semibold">
          Episodes
        </h2>
        {show.episodes.length === 0 ? (
          <p>No episodes yet.</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {show.episodes.map((episode) => (
              <li key={episode.id} className="rounded-lg bg-white p-4 shadow-sm">
                <Link href={`/podcasts/${show.slug}/episodes/${episode.id}`} className="font-semibold text-teal-800 underline">
                  {episode.title}
                </Link>
                <p className="text-sm text-stone-600">
                  {episode.publishedAt?.toISOString().slice(0, 10)} · {formatDuration(episode.durationSec)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ShareLinks url={`${env.appUrl}/podcasts/${show.slug}`} title={show.title} />
      {show.episodes.length > 0 && (
        <section aria-labelledby="embed-heading" className="flex flex-col gap-2">
          <h2 id="embed-heading" className="text-lg font-semibold">
            Embed the latest episode
          </h2>
          <p className="text-sm text-stone-600">A player for your website that always plays the newest episode.</p>
          <CopyField label="Embed code" value={embedCode(`${env.appUrl}/embed/${show.slug}`, show.title)} />
        </section>
      )}
    </main>
  );
}
