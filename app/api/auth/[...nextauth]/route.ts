import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authOptions } from "@/lib/auth";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth v4 reports every OAuth error as a generic "Callback"; a denial deserves its own message.
async function GET(request: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/auphonic" && request.nextUrl.searchParams.get("error") === "access_denied") {
    return NextResponse.redirect(new URL("/?error=AccessDenied", request.nextUrl));
  }
  return handler(request, context);
}

export { GET, handler as POST };
