import { asFeedRequest, getChapters, toResponse } from "@/lib/feed/respond-with-feed";

type Context = { params: Promise<{ slug: string; episodeId: string }> };

// server.ts answers these first (lib/feed/serve-feed-directly.ts); this route serves the same documents.
async function handle(request: Request, { params }: Context) {
  const { slug, episodeId } = await params;
  return toResponse(request, await getChapters(asFeedRequest(request), slug, episodeId));
}

export { handle as GET, handle as HEAD };
