import { getPublicEpisode } from "@/lib/episodes/get-public-episode";
import { parseChapters } from "@/lib/episodes/parse-episode-json";
import { buildChaptersJson } from "@/lib/feed/build-chapters-json";
import { mediaUrl } from "@/lib/storage/media-keys";

type Context = { params: Promise<{ slug: string; episodeId: string }> };

const CORS = { "Access-Control-Allow-Origin": "*" };

async function handle(request: Request, { params }: Context) {
  const { slug, episodeId } = await params;
  const episode = await getPublicEpisode(slug, episodeId);
  const chapters = episode ? parseChapters(episode.chapters) : [];
  if (!episode || chapters.length === 0) {
    return Response.json({ error: "NOT_FOUND", message: "This episode has no public chapters." }, { status: 404, headers: CORS });
  }
  const body = JSON.stringify(buildChaptersJson(chapters, mediaUrl));
  const headers = { ...CORS, "Content-Type": "application/json+chapters", "Cache-Control": "public, max-age=300", "Content-Length": String(Buffer.byteLength(body)) };
  return new Response(request.method === "HEAD" ? null : body, { headers });
}

export { handle as GET, handle as HEAD };
