import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found", robots: { index: false } };

/**
 * Every unknown address, and what is not public (a draft's page, a deleted show): the same answer, so a draft's
 * existence is not given away.
 */
export default function NotFound() {
  return (
    <main className="mx-auto flex max-w-xl flex-col items-start gap-5 px-5 py-20">
      <p className="text-sm font-semibold uppercase tracking-wider text-teal-700">Podhaven</p>
      <h1 className="text-3xl font-bold tracking-tight">This page is not here</h1>
      <p className="text-stone-700">
        The address may be mistyped, or the episode or show is not published (yet), or has been removed. If you
        followed a link from a podcast app, the podcast may have moved: its feed in your app still works.
      </p>
      <p className="flex flex-wrap gap-4">
        <Link href="/" className="rounded-lg bg-teal-700 px-4 py-2 font-semibold text-white">
          Podhaven home
        </Link>
        <Link href="/dashboard" className="rounded-lg border border-stone-300 bg-white px-4 py-2 font-semibold">
          Your dashboard
        </Link>
      </p>
    </main>
  );
}
