import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLatestPublicEpisode } from "@/lib/episodes/get-latest-public-episode";
import { EmbedView, embedTheme } from "../_components/embed-view";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ theme?: string | string[] }> };

export const metadata: Metadata = { title: "Player", robots: { index: false } };

/** The show's latest episode, always: an `<iframe>` that follows new releases (the code is on the show page). */
export default async function EmbeddedLatestEpisodePage({ params, searchParams }: Props) {
  const episode = await getLatestPublicEpisode((await params).slug);
  if (!episode) notFound();
  return <EmbedView episode={episode} theme={embedTheme((await searchParams).theme)} />;
}
