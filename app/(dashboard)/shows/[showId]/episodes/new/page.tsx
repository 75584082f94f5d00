import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth";
import { listPresets } from "@/lib/auphonic/list-presets";
import { parseCustomData } from "@/lib/connections/custom-data";
import { listConnectionsForShow } from "@/lib/connections/list-connections-for-show";
import { env } from "@/lib/env.js";
import { isAppError } from "@/lib/errors";
import { getShowOr404 } from "@/lib/shows/get-show-or-404";
import { getAuphonicTokenOrThrow } from "@/lib/users/get-auphonic-token";
import { newEpisodeAction } from "./actions";
import { NewEpisodeForm } from "./new-episode-form";

export const metadata: Metadata = { title: "New episode" };

export default async function NewEpisodePage({ params }: { params: Promise<{ showId: string }> }) {
  const user = await requireSessionUser();
  const show = await getShowOr404(user.id, (await params).showId);
  const connections = await listConnectionsForShow(user.id, show.id);
  // Presets are only for "Produce with Auphonic": when Auphonic cannot list them, "No preset" still works.
  const presets = await getAuphonicTokenOrThrow(user.id)
    .then(listPresets)
    .then((list) => ({ list, error: null }))
    .catch((error: unknown) => {
      if (!isAppError(error)) throw error;
      return { list: [], error: `Your Auphonic presets could not be listed: ${error.message}` };
    });

  return (
    <div className="flex flex-col gap-6">
      <Link href={`/shows/${show.id}`} className="text-sm text-teal-800 underline">
        ← {show.title}
      </Link>
      <h1 className="text-2xl font-bold">New episode</h1>
      {connections.length === 0 ? (
        <p className="rounded-lg bg-white p-4 shadow-sm">
          An episode goes out through one of the show’s connections (its policy decides: publish now, draft, a schedule).{" "}
          <Link href={`/shows/${show.id}/connections/new`} className="text-teal-800 underline">
            Add a connection
          </Link>{" "}
          first.
        </p>
      ) : (
        <NewEpisodeForm
          action={newEpisodeAction}
          showId={show.id}
          maxBytes={env.mediaMaxFileBytes}
          connections={connections.map((connection) => ({ id: connection.id, label: `${connection.displayName} (${describePolicy(connection.customData)})` }))}
          presets={presets.list.map((preset) => ({ uuid: preset.uuid, name: preset.name }))}
          presetsError={presets.error}
        />
      )}
    </div>
  );
}

function describePolicy(customData: string): string {
  const parsed = parseCustomData(customData);
  const state = parsed.ok ? parsed.known.publishState : undefined;
  if (state === "publish") return "publish now";
  if (state === "schedule") return "scheduled";
  return "draft";
}
