import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPublicEpisode } from "@/lib/episodes/get-public-episode";
import { EmbedView, embedTheme } from "../../../_components/embed-view";

type Props = { params: Promise<{ slug: string; episodeId: string }>; searchParams: Promise<{ theme?: string | string[] }> };

export const metadata: Metadata = { title: "Player", robots: { index: false } };

/** One episode's player, for an `<iframe>` on any site (the code is on the public episode page). */
export default async function EmbeddedEpisodePage({ params, searchParams }: Props) {
  const { slug, episodeId } = await params;
  const episode = await getPublicEpisode(slug, episodeId);
  if (!episode) notFound();
  return <EmbedView episode={episode} theme={embedTheme((await searchParams).theme)} />;
}
