import { respondWithFeed } from "@/lib/feed/respond-with-feed";

type Context = { params: Promise<{ slug: string }> };

async function handle(request: Request, { params }: Context) {
  return respondWithFeed(request, (await params).slug);
}

export { handle as GET, handle as HEAD };
