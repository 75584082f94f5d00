import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { formatDuration } from "@/lib/episodes/parse-episode-json";
import { CopyField } from "@/components/copy-field";
import { feedUrl } from "@/lib/feed/feed-urls";
import { mediaUrl } from "@/lib/storage/media-keys";

type Props = { params: Promise<{ slug: string }> };

async function getPublicShow(slug: string) {
  return db.show.findUnique({
    where: { slug },
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
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-5 py-10">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start">
        {show.coverPath && (
          // eslint-disable-next-line @next/next/no-img-element -- served by our media route
          <img src={mediaUrl(show.coverPath)} alt={`Cover art of ${show.title}`} width={180} height={180} className="rounded-lg shadow-sm" />
        )}
        <div className="flex flex-col gap-2">
          <h1 className="text-3xl font-bold">{show.title}</h1>
          <p className="text-stone-700">{show.description}</p>
          <p className="text-sm text-stone-600">by {show.author}</p>
          <CopyField label="Podcast feed" value={feedUrl(show.slug)} />
          <p className="text-sm text-stone-600">Paste this address into your podcast app to subscribe.</p>
        </div>
      </header>
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
    </main>
  );
}
