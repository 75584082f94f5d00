// Next.js's proxy (the former middleware): a fresh nonce and Content-Security-Policy for every page view. Next
// reads the nonce from the request's policy and puts it on the inline scripts it renders.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env.js";
import { isFramablePath, pageContentSecurityPolicy } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, {
    auphonicOrigin: new URL(env.auphonicBaseUrl).origin,
    mediaOrigins: mediaOrigins(),
    isDev: process.env.NODE_ENV === "development",
    isHttps: env.appUrl.startsWith("https:"),
    isFramable: isFramablePath(request.nextUrl.pathname),
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/** Where media redirects lead: the public base URL (a CDN, the bucket), and the store itself for drafts' signed links. */
function mediaOrigins(): string[] {
  if (env.storageDriver !== "s3") return [];
  const origins = [env.mediaPublicBaseUrl, env.s3.endpoint].flatMap((url) => (url ? [new URL(url).origin] : []));
  // AWS's own endpoints, when no endpoint is configured: the bucket's virtual host.
  if (!env.s3.endpoint) origins.push(`https://${env.s3.bucket}.s3.${env.s3.region}.amazonaws.com`, `https://${env.s3.bucket}.s3.amazonaws.com`);
  return [...new Set(origins)];
}

export const config = {
  // Pages only: API routes, media, feeds and Next's static files need no page policy.
  matcher: [
    {
      source: "/((?!api/|media/|_next/static|_next/image|icon\\.svg|favicon\\.ico|podcasts/[^/]+/feed\\.xml).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
