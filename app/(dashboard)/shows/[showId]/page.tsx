import type { Metadata } from "next";
import Link from "next/link";
import { ReconnectAuphonic } from "@/components/reconnect-auphonic";
import { requireSessionUser } from "@/lib/auth";
import { CopyField } from "@/components/copy-field";
import { EpisodeList } from "@/components/episode-list";
import { describeConnectionPolicy } from "@/lib/connections/describe-connection-policy";
import { listConnectionsForShow } from "@/lib/connections/list-connections-for-show";
import { parseEpisodeListQuery } from "@/lib/episodes/episode-list-query";
import { listEpisodes } from "@/lib/episodes/list-episodes";
import { listImportStatusForUser } from "@/lib/episodes/list-import-status-for-user";
import { feedUrl } from "@/lib/feed/feed-urls";
import { mediaUrl } from "@/lib/storage/media-keys";
import { getShowOr404 } from "@/lib/shows/get-show-or-404";

export const metadata: Metadata = { title: "Show" };

type Props = {
  params: Promise<{ showId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const NOTICES: Record<string, string> = {
  created: "Show created.",
  updated: "Show saved.",
  episode: "Episode deleted, with its media files. It is gone from the feed and its public page.",
  connection: "Connection deleted. Remove its target on Auphonic’s External Services page too; Podhaven no longer accepts its deliveries.",
};

export default async function ShowPage({ params, searchParams }: Props) {
  const user = await requireSessionUser();
  const show = await getShowOr404(user.id, (await params).showId);
  const search = await searchParams;
  const { query, problems } = parseEpisodeListQuery(search);
  const [connections, list, imports] = await Promise.all([
    listConnectionsForShow(user.id, show.id),
    listEpisodes(user.id, show.id, query),
    listImportStatusForUser(user.id, { showId: show.id }),
  ]);
  const { saved, setup, deleted } = search;
  const notice = NOTICES[String(saved ?? "")] ?? NOTICES[String(deleted ?? "")];

  return (
    <div className="flex flex-col gap-8">
      {notice && (
        <p role="status" className="rounded-lg border border-teal-300 bg-teal-50 px-4 py-3 text-teal-900">
          {notice}
        </p>
      )}
      {setup === "reconnect" && (
        <ReconnectAuphonic
          returnTo={`/shows/${show.id}`}
          message="The show was created, but Auphonic refused Podhaven’s access, so its connections were not registered. Reconnect, then add them below."
        />
      )}
      {setup === "failed" && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900">
          The show was created, but Auphonic could not register its connections right now. Add them below to retry.
        </p>
      )}
      {!show.isVerified && (
        <p role="alert" data-testid="unverified-show" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
          This show is a draft: its page and feed are not public and nothing in it can be published until you prove the old feed is yours.{" "}
          {show.moveIns[0] && (
            <Link className="underline" href={`/shows/import/${show.moveIns[0].id}`}>
              Verify it on its move-in page
            </Link>
          )}
        </p>
      )}
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start">
        {show.coverPath && (
          // eslint-disable-next-line @next/next/no-img-element -- served by our media route
          <img src={mediaUrl(show.coverPath)} alt={`Cover art of ${show.title}`} width={144} height={144} className="rounded-lg shadow-sm" />
        )}
        <div className="flex flex-1 flex-col gap-2">
          <h1 className="text-2xl font-bold">{show.title}</h1>
          <p className="text-stone-700">{show.description}</p>
          <p className="text-sm text-stone-600">
            {show.author} · {show.category} · {show.language} · {show.type}
            {show.explicit ? " · explicit" : ""}
          </p>
          <div className="flex flex-wrap gap-3">
            <Link href={`/shows/${show.id}/edit`} className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium">
              Edit show
            </Link>
            <Link href={`/shows/${show.id}/analytics`} className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium">
              Analytics
            </Link>
            <Link href={`/shows/${show.id}/delete`} className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800">
              Delete show
            </Link>
          </div>
        </div>
      </header>

      <section aria-labelledby="episodes-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="episodes-heading" className="text-xl font-semibold">
            Episodes
          </h2>
          <Link href={`/shows/${show.id}/episodes/new`} className="rounded-lg bg-teal-700 px-4 py-2 font-semibold text-white">
            New episode
          </Link>
        </div>
        <EpisodeList
          basePath={`/shows/${show.id}`}
          query={query}
          problems={problems}
          {...list}
          showShowTitle={false}
          importsInProgress={imports.inProgressCount}
          emptyHint="No episodes yet. Upload one with “New episode”, or finish a production in Auphonic with one of the connections below as its publishing target."
        />
        <CopyField label="Podcast feed" value={feedUrl(show.slug)} />
        <p>
          <Link href={`/podcasts/${show.slug}`} className="text-sm text-teal-800 underline">
            Public show page
          </Link>
        </p>
      </section>

      <section aria-labelledby="connections-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="connections-heading" className="text-xl font-semibold">
            Auphonic connections
          </h2>
          <Link href={`/shows/${show.id}/connections/new`} className="rounded-lg bg-teal-700 px-4 py-2 font-semibold text-white">
            Add connection
          </Link>
        </div>
        <p className="text-sm text-stone-600">
          Each connection appears in your Auphonic account as a publishing target. Pick it in a production and Podhaven
          receives the result as it says: published at once, as a draft, and so on.
        </p>
        {connections.length === 0 ? (
          <p className="rounded-lg bg-white p-4 shadow-sm">No connections yet.</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {connections.map((connection) => (
              <li key={connection.id} className="rounded-lg bg-white p-4 shadow-sm">
                <Link href={`/shows/${show.id}/connections/${connection.id}`} className="font-semibold text-teal-800 underline">
                  {connection.displayName}
                </Link>
                <p className="mt-1 text-sm text-stone-700">{describeConnectionPolicy(connection.customData)}</p>
                <p className="text-sm text-stone-600">
                  {connection.registeredAt ? `Registered with Auphonic ${connection.registeredAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "Not registered"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
