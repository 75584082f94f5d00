import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auphonicProvider, type AuphonicProfile } from "@/lib/auphonic/auphonic-provider";
import { db } from "@/lib/db";
import { env } from "@/lib/env.js";
import { scheduleReconciliation } from "@/lib/reconcile/schedule-reconciliation";
import { retryImportsAwaitingToken } from "@/lib/users/retry-imports-awaiting-token";
import { saveAuphonicSignIn } from "@/lib/users/save-auphonic-sign-in";
import { recordAuphonicAccount } from "@/lib/users/record-auphonic-account";

// next-auth v4 builds its callback URL from NEXTAUTH_URL; APP_URL is our single source for it.
process.env.NEXTAUTH_URL ??= env.appUrl;

export const authOptions: NextAuthOptions = {
  secret: env.sessionSecret,
  providers: [auphonicProvider()],
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/", error: "/" },
  callbacks: {
    // The Auphonic token goes encrypted into the database, never into the session cookie.
    async jwt({ token, account, profile }) {
      if (account?.provider === "auphonic" && account.access_token && profile) {
        const auphonicUser = profile as unknown as AuphonicProfile;
        const user = await saveAuphonicSignIn({ ...auphonicUser, email: auphonicUser.email ?? null }, account.access_token);
        // The profile is what Auphonic says now: the dashboard shows it as of now, without asking again.
        await recordAuphonicAccount(user.id, auphonicUser).catch((error: unknown) => console.error("Sign-in: could not store the Auphonic account details:", error));
        // A working token again: reconciliation (stopped when Auphonic refused the old one) runs now, in place of a
        // pending run due later (the schedule's next or a backoff's), and on schedule after that.
        void scheduleReconciliation(user.id, { replaceLater: true }).catch((error: unknown) => console.error("Sign-in: could not schedule the reconciliation with Auphonic:", error));
        // Imports that failed only for want of a working token are queued again, without the creator asking.
        void retryImportsAwaitingToken(user.id).catch((error: unknown) => console.error("Sign-in: could not queue the imports that waited for a token:", error));
        // The session's version: "Sign out everywhere" moves the user's on, and sessions of an older one end.
        return { sub: user.id, name: token.name, email: token.email, sv: user.sessionVersion };
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "", name: token.name ?? null, email: token.email ?? null, sv: typeof token.sv === "number" ? token.sv : 0 } };
    },
  },
};

export type SessionUser = { id: string; username: string; isAuphonicTokenInvalid: boolean };

/**
 * The signed-in user, or null: a session whose user no longer exists, or made before the user signed out
 * everywhere (or before Auphonic refused the token), counts as signed out. Read once per request (React's
 * cache), so a request that ends the sessions still renders to its end.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const sessionUser = session?.user as { id?: string; sv?: number } | undefined;
  if (!sessionUser?.id) return null;
  const user = await db.user.findUnique({
    where: { id: sessionUser.id },
    select: { id: true, username: true, auphonicTokenInvalid: true, sessionVersion: true },
  });
  if (!user || user.sessionVersion !== (sessionUser.sv ?? 0)) return null;
  return { id: user.id, username: user.username, isAuphonicTokenInvalid: user.auphonicTokenInvalid };
});

/** For signed-in pages and actions: the user, or a redirect to the landing page. */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/");
  return user;
}
