import { NextResponse } from "next/server";
import { getSessionUser } from "@/lib/auth";
import { env } from "@/lib/env.js";
import { toErrorResponse } from "@/lib/errors";
import { receiveUpload } from "@/lib/uploads/receive-upload";

/**
 * A browser's audio upload (components/audio-upload-field.tsx): the raw file as the body, `?filename=` its name.
 * Next streams the body here unbuffered (proxy.ts does not run for /api/, so nothing clones it); server.ts lets it
 * past its form-size check. Answers 201 { uploadId, filename, size }, or 4xx { error, message }.
 */
export async function POST(request: Request) {
  const response = await answer(request);
  // A refusal that read none of the body closes the connection: Node would otherwise read and drop the rest.
  if (!response.ok && !request.body?.locked) response.headers.set("Connection", "close");
  return response;
}

async function answer(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return NextResponse.json({ error: "UNAUTHORIZED", message: "Sign in to upload." }, { status: 401 });
  // A page of another site cannot post a file in the creator's name (the cookie is SameSite=Lax too).
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(env.appUrl).origin) return NextResponse.json({ error: "FORBIDDEN", message: "Uploads come from Podhaven's own pages." }, { status: 403 });
  // Its size is reserved under the quota before a byte is read (lib/uploads/receive-upload.ts); browsers always send it.
  if (request.headers.get("content-length") === null) return NextResponse.json({ error: "LENGTH_REQUIRED", message: "Send the file with its Content-Length." }, { status: 411 });
  try {
    const filename = new URL(request.url).searchParams.get("filename");
    const upload = await receiveUpload(user.id, { filename, headers: request.headers, body: request.body, signal: request.signal });
    return NextResponse.json(upload, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
