"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { useIsHydrated } from "./use-is-hydrated";

/**
 * next-auth's sign-in runs in the browser (it fetches its CSRF token first), so the button stays disabled
 * until the page's scripts run: a click before then would do nothing.
 */
export function SignInButton({ label = "Sign in with Auphonic", callbackUrl = "/dashboard" }: { label?: string; callbackUrl?: string }) {
  const isHydrated = useIsHydrated();
  const [isPending, setIsPending] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        setIsPending(true);
        void signIn("auphonic", { callbackUrl });
      }}
      disabled={!isHydrated || isPending}
      aria-busy={isPending}
      className="inline-flex items-center justify-center rounded-lg bg-teal-700 px-5 py-3 font-semibold text-white shadow-sm hover:bg-teal-800 disabled:opacity-70"
    >
      {isPending ? "Opening Auphonic…" : label}
    </button>
  );
}
