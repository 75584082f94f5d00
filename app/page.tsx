import { redirect } from "next/navigation";
import { FocusedNotice } from "@/components/focused-notice";
import { SignInButton } from "@/components/sign-in-button";
import { getSessionUser } from "@/lib/auth";

const SIGN_IN_ERRORS: Record<string, string> = {
  AccessDenied: "You declined access in Auphonic, so you are not signed in. You can try again at any time.",
  SessionRequired: "Please sign in to continue.",
};
const GENERIC_SIGN_IN_ERROR = "Signing in with Auphonic did not work. Please try again in a moment.";
// What an account action that ended the session did (app/(dashboard)/account/actions.ts redirects here with it).
const ACCOUNT_OUTCOMES: Record<string, string> = {
  "deleted=account": "Your Podhaven account and everything in it were deleted, its media files included.",
  "signedOut=everywhere": "You are signed out everywhere: every Podhaven session of yours, on this device and on every other, has ended. Sign in with Auphonic again where you want to work.",
  "disconnected=auphonic":
    "Auphonic is disconnected: Podhaven no longer holds a token for your account, and you are signed out everywhere. Your shows and feeds stay online; productions Auphonic delivers are logged and imported by themselves when you sign in with Auphonic again.",
};

type Props = { searchParams: Promise<{ error?: string | string[]; deleted?: string | string[]; signedOut?: string | string[]; disconnected?: string | string[] }> };

export default async function LandingPage({ searchParams }: Props) {
  if (await getSessionUser()) redirect("/dashboard");
  const { error, deleted, signedOut, disconnected } = await searchParams;
  const errorCode = typeof error === "string" ? error : undefined;
  const errorMessage = errorCode ? (SIGN_IN_ERRORS[errorCode] ?? GENERIC_SIGN_IN_ERROR) : undefined;
  const outcome = [`deleted=${String(deleted)}`, `signedOut=${String(signedOut)}`, `disconnected=${String(disconnected)}`].map((key) => ACCOUNT_OUTCOMES[key]).find(Boolean);

  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-8 px-5 py-16 sm:py-24">
      <p className="text-sm font-semibold uppercase tracking-wider text-teal-700">Podhaven</p>
      <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Podcast hosting that starts where Auphonic ends.</h1>
      <p className="text-lg text-stone-700">
        Connect your Auphonic account once. Every production you finish lands in Podhaven as an episode, with its
        audio, cover, chapters and transcripts, published at once or saved as a draft, and goes out in a podcast
        feed that Apple Podcasts, Spotify and every other app accept.
      </p>
      {outcome && <FocusedNotice testId="account-outcome">{outcome}</FocusedNotice>}
      {errorMessage && (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
          {errorMessage}
        </p>
      )}
      <div>
        <SignInButton />
      </div>
      <ul className="grid gap-4 text-stone-700 sm:grid-cols-3">
        <li className="rounded-lg bg-white p-4 shadow-sm">
          <h2 className="font-semibold text-stone-900">Shows and targets</h2>
          Several publishing targets per show: &ldquo;Publish Now&rdquo;, &ldquo;Draft&rdquo;, a bonus feed.
        </li>
        <li className="rounded-lg bg-white p-4 shadow-sm">
          <h2 className="font-semibold text-stone-900">Automatic import</h2>
          Auphonic calls Podhaven when a production is done; the episode appears, once.
        </li>
        <li className="rounded-lg bg-white p-4 shadow-sm">
          <h2 className="font-semibold text-stone-900">Feeds apps accept</h2>
          RSS with iTunes and Podcasting 2.0 tags, chapters, transcripts and fast media delivery.
        </li>
      </ul>
    </main>
  );
}
