import { NextResponse } from "next/server";
import { resolveMediaRequest } from "@/lib/media/resolve-media-request";
import { serveMediaFile } from "@/lib/media/serve-media-file";

type Context = { params: Promise<{ key: string[] }> };

async function handle(request: Request, { params }: Context) {
  const target = await resolveMediaRequest((await params).key.join("/"));
  if (target.kind === "redirect") return NextResponse.redirect(target.location, 302);
  if (target.kind === "not-found") return NextResponse.json({ error: "NOT_FOUND", message: "No such file." }, { status: 404 });
  return serveMediaFile(request, target, target);
}

export { handle as GET, handle as HEAD };
