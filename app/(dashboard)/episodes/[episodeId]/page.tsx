import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { DeliveriesTable } from "@/components/deliveries-table";
import { EpisodePlayer } from "@/components/episode-player";
import { ConfirmForm } from "@/components/forms/confirm-form";
import { StateBadge } from "@/components/state-badge";
import { requireSessionUser } from "@/lib/auth";
import { env } from "@/lib/env.js";
import { getEpisodeOr404 } from "@/lib/episodes/get-episode-or-404";
import { formatDuration, parseChapters, parseStatistics, parseTags } from "@/lib/episodes/parse-episode-json";
import { publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import { mediaUrl } from "@/lib/storage/media-keys";
import { Transcript } from "@/components/transcript";
import { parseEditedFields } from "@/lib/episodes/episode-input";
import { listEpisodeDeliveries } from "@/lib/episodes/list-episode-deliveries";
import { findImportRetryRefusal } from "@/lib/episodes/find-import-retry-refusal";
import { describeProduction } from "@/lib/episodes/describe-production";
import { readTranscript } from "@/lib/episodes/read-transcript";
import { findStoredTimeZone } from "@/lib/users/get-user-time-zone";
import {
  cancelScheduleAction,
  deleteEpisodeAction,
  publishEpisodeAction,
  retryImportAction,
  scheduleEpisodeAction,
  takeAuphonicValuesAction,
  unpublishEpisodeAction,
  updateEpisodeAction,
} from "../actions";
import { EpisodeForm } from "./episode-form";
import { ScheduleForm } from "./schedule-form";
import { replaceAudioAction } from "./replace-audio-action";
import { ReplaceAudioForm } from "./replace-audio-form";

export const metadata: Metadata = { title: "Episode" };

const EDITED_FIELD_NAMES = {
  title: "the title",
  summary: "the show notes",
  episodeNumber: "the episode number",
  season: "the season",
  episodeType: "the type",
  explicit: "the explicit setting",
  coverKey: "the artwork",
} as const;

export default async function EpisodePage({ params }: { params: Promise<{ episodeId: string }> }) {
  const user = await requireSessionUser();
  const episode = await getEpisodeOr404(user.id, (await params).episodeId);
  const enclosure = episode.files.find((file) => file.isEnclosure);
  const chapters = parseChapters(episode.chapters);
  const statistics = parseStatistics(episode.statistics);
  const tags = parseTags(episode.tags);
  const isImporting = episode.importState === "queued" || episode.importState === "importing";
  const retryRefusal = findImportRetryRefusal(episode);
  const hidden = { episodeId: episode.id };
  const deliveries = await listEpisodeDeliveries(episode);
  const transcript = readTranscript(episode);
  const editedFields = parseEditedFields(episode.editedFields);
  const storedTimeZone = await findStoredTimeZone(user.id);

  return (
    <div className="flex flex-col gap-6">
      <AutoRefresh isActive={isImporting} />
      <Link href={`/shows/${episode.show.id}`} className="text-sm text-teal-800 underline">
        ← {episode.show.title}
      </Link>
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start">
        {episode.coverKey && (
          // eslint-disable-next-line @next/next/no-img-element -- served by our media route
          <img src={mediaUrl(episode.coverKey)} alt="Episode cover" width={128} height={128} className="rounded-lg shadow-sm" />
        )}
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-bold">{episode.title || (isImporting ? "Importing…" : describeProduction(episode))}</h1>
          {episode.subtitle && <p className="text-stone-700">{episode.subtitle}</p>}
          <p className="flex flex-wrap items-center gap-2 text-sm text-stone-600">
            <StateBadge state={episode.state} importState={episode.importState} scheduledAt={episode.scheduledAt} />
            <span>{formatDuration(episode.durationSec)}</span>
            {episode.season && <span>Season {episode.season}</span>}
            {episode.episodeNumber && <span>Episode {episode.episodeNumber}</span>}
            <span>{episode.episodeType}</span>
            {episode.connection && <span>via {episode.connection.displayName}</span>}
          </p>
        </div>
      </header>

      <section aria-labelledby="import-heading" className="rounded-lg bg-white p-4 shadow-sm" aria-live="polite">
        <h2 id="import-heading" className="font-semibold">
          Import from Auphonic
        </h2>
        <p data-testid="import-state">
          {episode.importState === "queued" && "Waiting to import…"}
          {episode.importState === "importing" && "Copying audio, cover, chapters and transcripts…"}
          {episode.importState === "ready" && `Imported (version ${episode.audioVersion}).`}
          {episode.importState === "failed" && "The import failed."}
        </p>
        {episode.importError && <p className="text-sm text-red-800">{episode.importError}</p>}
        {episode.productionUuid ? (
          <p className="text-sm text-stone-600">
            Production{" "}
            <a className="underline" href={`${env.auphonicBaseUrl}/engine/status/${episode.productionUuid}`}>
              {episode.productionUuid}
            </a>
          </p>
        ) : (
          <p className="text-sm text-stone-600">{episode.source === "upload" ? "Uploaded in Podhaven, published as it is." : "Moved in from another host, with its original guid."}</p>
        )}
        {episode.job && (
          <p className="text-sm text-stone-600">
            Import job: {episode.job.state}, {episode.job.attempts} attempt{episode.job.attempts === 1 ? "" : "s"}
            {episode.job.lastError ? ` · last error: ${episode.job.lastError}` : ""}
          </p>
        )}
        {!isImporting && retryRefusal !== null && (
          <p className="mt-2 text-sm text-stone-700" data-testid="no-retry">
            {retryRefusal}
          </p>
        )}
        {!isImporting && retryRefusal === null && (
          <div className="mt-3 flex flex-wrap gap-3">
            <ConfirmForm action={retryImportAction} hidden={hidden} label={episode.importState === "failed" ? "Retry import" : "Re-import from Auphonic"} pendingLabel="Queuing…" tone="quiet" />
            {editedFields.length > 0 && (
              <ConfirmForm action={takeAuphonicValuesAction} hidden={hidden} label="Re-import with Auphonic’s values" pendingLabel="Queuing…" tone="quiet" />
            )}
          </div>
        )}
        {editedFields.length > 0 && (
          <p className="mt-2 text-sm text-stone-600">Your edits to {editedFields.map((field) => EDITED_FIELD_NAMES[field]).join(", ")} are kept when the production is imported again.</p>
        )}
      </section>

      {enclosure && <EpisodePlayer src={mediaUrl(enclosure.key)} type={enclosure.contentType} title={episode.title} chapters={chapters} />}

      {!isImporting && (
        <section aria-labelledby="replace-audio-heading" className="flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm">
          <h2 id="replace-audio-heading" className="font-semibold">
            Replace audio
          </h2>
          <ReplaceAudioForm action={replaceAudioAction} episodeId={episode.id} maxBytes={env.mediaMaxFileBytes} />
        </section>
      )}

      <section className="flex flex-wrap gap-3">
        {episode.state === "published" ? (
          <>
            <a href={publicEpisodeUrl(episode.show.slug, episode.id)} className="rounded-lg border border-stone-300 bg-white px-4 py-2 font-semibold">
              Public page
            </a>
            <ConfirmForm action={unpublishEpisodeAction} hidden={hidden} label="Unpublish" pendingLabel="Unpublishing…" tone="quiet" />
          </>
        ) : (
          episode.audioVersion > 0 && <ConfirmForm action={publishEpisodeAction} hidden={hidden} label={episode.scheduledAt ? "Publish now" : "Publish"} pendingLabel="Publishing…" tone="quiet" />
        )}
      </section>

      {episode.state === "draft" && episode.audioVersion > 0 && (
        <section aria-labelledby="schedule-heading" className="flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm">
          <h2 id="schedule-heading" className="font-semibold">
            Scheduled release
          </h2>
          <ScheduleForm action={scheduleEpisodeAction} episodeId={episode.id} scheduledAt={episode.scheduledAt?.toISOString() ?? null} timeZone={storedTimeZone} />
          {episode.scheduledAt && <ConfirmForm action={cancelScheduleAction} hidden={hidden} label="Cancel the scheduled release" pendingLabel="Cancelling…" tone="quiet" />}
        </section>
      )}

      {transcript && <Transcript transcript={transcript} />}

      <section aria-labelledby="edit-heading" className="flex flex-col gap-3">
        <h2 id="edit-heading" className="text-lg font-semibold">
          Edit
        </h2>
        <EpisodeForm
          action={updateEpisodeAction}
          episodeId={episode.id}
          title={episode.title}
          summary={episode.summary ?? ""}
          episodeNumber={episode.episodeNumber}
          season={episode.season}
          episodeType={episode.episodeType}
          explicit={episode.explicit}
          showExplicit={episode.show.explicit}
          publishedAt={episode.publishedAt?.toISOString() ?? null}
          isPublished={episode.state === "published"}
          timeZone={storedTimeZone}
          hasArtwork={episode.files.some((file) => file.kind === "artwork")}
        />
      </section>
      <section aria-labelledby="details-heading">
        <h2 id="details-heading" className="text-lg font-semibold">
          Details
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          {tags.length > 0 && (
            <>
              <dt className="text-stone-600">Tags</dt>
              <dd>{tags.join(", ")}</dd>
            </>
          )}
          {Object.entries(statistics).map(([name, [value, unit]]) => (
            <div key={name} className="contents">
              <dt className="text-stone-600 capitalize">{name}</dt>
              <dd>
                {value} {unit}
              </dd>
            </div>
          ))}
          <dt className="text-stone-600">custom_data</dt>
          <dd className="font-mono text-sm break-all">{episode.customData}</dd>
          <dt className="text-stone-600">Files</dt>
          <dd>
            <ul>
              {episode.files.map((file) => (
                <li key={file.id}>
                  <a className="underline" href={mediaUrl(file.key)}>
                    {file.filename}
                  </a>{" "}
                  <span className="text-sm text-stone-600">
                    {file.kind}, {(Number(file.size) / 1024).toFixed(0)} KB{file.isEnclosure ? ", enclosure" : ""}
                  </span>
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="history-heading" className="flex flex-col gap-2">
        <h2 id="history-heading" className="text-lg font-semibold">
          Deliveries from Auphonic
        </h2>
        <DeliveriesTable deliveries={deliveries} emptyText="No deliveries recorded for this production." />
      </section>

      <section aria-labelledby="delete-heading" className="flex flex-col gap-2 rounded-lg border border-red-200 bg-white p-4">
        <h2 id="delete-heading" className="text-lg font-semibold">
          Delete episode
        </h2>
        <p className="text-sm text-stone-700">
          Removes the episode, its audio, cover, chapters and transcripts from Podhaven, its public page and the feed. The production stays in
          Auphonic; delivering it again creates a new episode.
        </p>
        <ConfirmForm action={deleteEpisodeAction} hidden={hidden} label="Delete episode" pendingLabel="Deleting…" />
      </section>
    </div>
  );
}
