import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth";
import { MOVE_IN_FEED_MAX_BYTES } from "@/lib/move-in/move-in-limits";
import { previewMoveInAction } from "./actions";
import { MoveInForm } from "./_components/move-in-form";

export const metadata: Metadata = { title: "Move a show in" };

export default async function MoveInPage() {
  await requireSessionUser();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Move a show in from another host</h1>
      <p className="max-w-2xl text-stone-700">
        Podhaven reads your current feed and shows you what it found. When you confirm, it creates the show with its
        podcast:guid and copies every episode (audio, art, chapters, transcripts), keeping each episode&rsquo;s guid, so
        listeners&rsquo; apps show nothing twice. The show stays a draft, not public and without the old podcast:guid,
        until you prove the old feed is yours by putting a code Podhaven gives you in it. Feeds up to {Math.round(MOVE_IN_FEED_MAX_BYTES / 1024 / 1024)} MB are read.
      </p>
      <MoveInForm action={previewMoveInAction} />
      <p className="text-sm text-stone-600">
        Starting a new show instead? <Link className="underline" href="/shows/new">Create a new show</Link>.
      </p>
    </div>
  );
}
