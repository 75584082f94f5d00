import "server-only";
import { cookies } from "next/headers";

// next-auth v4's session cookie, with the __Secure- prefix on https and split into .0, .1… when large.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/** Signs this browser out: its session cookies expire. Other devices stay signed in (see signOutEverywhere). */
export async function endThisSession(): Promise<void> {
  const jar = await cookies();
  for (const { name } of jar.getAll()) {
    if (!SESSION_COOKIE.test(name)) continue;
    jar.set(name, "", { maxAge: 0, path: "/", httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
  }
}
