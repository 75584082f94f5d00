"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SignInButton({ label = "Sign in with Auphonic", callbackUrl = "/dashboard" }: { label?: string; callbackUrl?: string }) {
  const [isPending, setIsPending] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        setIsPending(true);
        void signIn("auphonic", { callbackUrl });
      }}
      disabled={isPending}
      aria-busy={isPending}
      className="inline-flex items-center justify-center rounded-lg bg-teal-700 px-5 py-3 font-semibold text-white shadow-sm hover:bg-teal-800 disabled:opacity-70"
    >
      {isPending ? "Opening Auphonic…" : label}
    </button>
  );
}
