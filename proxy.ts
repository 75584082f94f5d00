// Next.js's proxy (the former middleware): a fresh nonce and Content-Security-Policy for every page view. Next
// reads the nonce from the request's policy and puts it on the inline scripts it renders.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env.js";
import { pageContentSecurityPolicy } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, {
    auphonicOrigin: new URL(env.auphonicBaseUrl).origin,
    isDev: process.env.NODE_ENV === "development",
    isHttps: env.appUrl.startsWith("https:"),
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
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
