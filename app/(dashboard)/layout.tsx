import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { requireSessionUser } from "@/lib/auth";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser();
  return (
    <div className="min-h-dvh">
      <header className="border-b border-stone-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-5 py-3">
          <div className="flex items-center gap-4">
            <Link href="/dashboard" className="text-lg font-bold text-teal-800">
              Podhaven
            </Link>
            <nav aria-label="Main" className="flex gap-3 text-sm font-medium">
              <Link href="/dashboard" className="text-stone-700 hover:underline">
                Shows
              </Link>
              <Link href="/episodes" className="text-stone-700 hover:underline">
                Episodes
              </Link>
              <Link href="/auphonic" className="text-stone-700 hover:underline">
                Auphonic
              </Link>
              <Link href="/account" className="text-stone-700 hover:underline">
                Account
              </Link>
            </nav>
          </div>
          <nav aria-label="Account" className="flex items-center gap-3">
            <span className="text-sm text-stone-600">
              Signed in as <strong data-testid="header-username">{user.username}</strong>
            </span>
            <SignOutButton />
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-5 py-8">{children}</main>
    </div>
  );
}
