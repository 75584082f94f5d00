import { EmbedPlayer, type EmbedTheme } from "@/components/embed-player";
import { publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import type { getPublicEpisode } from "@/lib/episodes/get-public-episode";
import { chaptersWithImageUrls } from "@/lib/episodes/chapters-with-image-urls";
import { readTranscript } from "@/lib/episodes/read-transcript";
import { mediaUrl } from "@/lib/storage/media-keys";

type Episode = NonNullable<Awaited<ReturnType<typeof getPublicEpisode>>>;

/** `?theme=dark` or `light`; anything else follows the visitor's system setting. */
export function embedTheme(value: string | string[] | undefined): EmbedTheme {
  return value === "dark" || value === "light" ? value : "auto";
}

/** The player for one published episode, as other sites frame it. */
export function EmbedView({ episode, theme }: { episode: Episode; theme: EmbedTheme }) {
  const enclosure = episode.files.find((file) => file.isEnclosure);
  if (!enclosure) return <p className="p-4">This episode has no audio.</p>;
  const image = episode.coverKey ?? episode.show.coverPath;
  const chapters = chaptersWithImageUrls(episode.chapters);
  const cues = readTranscript(episode)?.cues.map((cue) => ({ startSec: cue.startSec, text: cue.text })) ?? [];
  return (
    <EmbedPlayer
      src={mediaUrl(enclosure.key)}
      type={enclosure.contentType}
      title={episode.title}
      showTitle={episode.show.title}
      episodeUrl={publicEpisodeUrl(episode.show.slug, episode.id)}
      imageUrl={image ? mediaUrl(image) : null}
      durationSec={episode.durationSec}
      chapters={chapters}
      cues={cues}
      theme={theme}
    />
  );
}
