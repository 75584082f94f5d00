import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth";
import { presetText } from "@/lib/connections/custom-data";
import { getShowOr404 } from "@/lib/shows/get-show-or-404";
import { createConnectionAction } from "../actions";
import { ConnectionForm } from "../_components/connection-form";

export const metadata: Metadata = { title: "New connection" };

export default async function NewConnectionPage({ params }: { params: Promise<{ showId: string }> }) {
  const user = await requireSessionUser();
  const show = await getShowOr404(user.id, (await params).showId);
  return (
    <div className="flex flex-col gap-6">
      <Link href={`/shows/${show.id}`} className="text-sm text-teal-800 underline">
        ← {show.title}
      </Link>
      <h1 className="text-2xl font-bold">New Auphonic connection</h1>
      <ConnectionForm
        action={createConnectionAction}
        showId={show.id}
        initialDisplayName={`${show.title} - `}
        initialCustomData={presetText("publish")}
        returnTo={`/shows/${show.id}/connections/new`}
      />
    </div>
  );
}
