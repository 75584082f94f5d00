import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { CopyField } from "@/components/copy-field";
import { ConfirmForm } from "@/components/forms/confirm-form";
import { requireSessionUser } from "@/lib/auth";
import { formatDuration } from "@/lib/episodes/parse-episode-json";
import { isAppError } from "@/lib/errors";
import { feedUrl } from "@/lib/feed/feed-urls";
import { getMoveInForUserOrThrow } from "@/lib/move-in/get-move-in-for-user";
import { showDefaultsOf } from "@/lib/move-in/start-move-in";
import { verificationLine } from "@/lib/move-in/verification-code";
import { checkOldFeedRedirectAction, confirmMoveInAction, retryMoveInAction, verifyMoveInAction } from "../actions";
import { CheckRedirectForm } from "../_components/check-redirect-form";
import { ConfirmMoveInForm } from "../_components/confirm-move-in-form";
import { VerifyMoveInForm } from "../_components/verify-move-in-form";

export const metadata: Metadata = { title: "Moving a show in" };

const STATE_LABELS: Record<string, string> = { queued: "Waiting", importing: "Copying…", done: "Moved in", failed: "Failed" };

async function getMoveInOr404(userId: string, moveInId: string) {
  try {
    return await getMoveInForUserOrThrow(userId, moveInId);
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  }
}

export default async function MoveInStatusPage({ params, searchParams }: { params: Promise<{ moveInId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSessionUser();
  const { moveInId } = await params;
  const moveIn = await getMoveInOr404(user.id, moveInId);
  const { show: old, episodes, problems } = moveIn.plan;
  const isVerified = moveIn.verifiedAt !== null && (!moveIn.show || moveIn.show.isVerified);
  const proof = isVerified ? (
    (await searchParams).verified === "1" && (
      <p role="status" data-testid="verified-notice" className="rounded-lg border border-teal-300 bg-teal-50 px-4 py-3 text-teal-900">
        {moveIn.show ? "Verified: the show is yours, with its podcast:guid, and its episodes are public." : "Verified: the old feed is yours. Confirm below to move the show in."}
      </p>
    )
  ) : (
    <VerifyMoveInForm
      action={verifyMoveInAction}
      moveInId={moveIn.id}
      code={moveIn.verificationCode}
      line={verificationLine(moveIn.verificationCode)}
      isLocked={old.isLocked === true}
      hasShow={moveIn.show !== null}
    />
  );

  if (moveIn.state === "preview" || !moveIn.show) {
    return (
      <div className="flex flex-col gap-6">
        <h1 className="text-2xl font-bold">What we found</h1>
        <section aria-labelledby="found-show" className="rounded-lg bg-white p-5 shadow-sm">
          <h2 id="found-show" className="text-lg font-semibold break-words">
            {old.title}
          </h2>
          <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
            <dt className="text-stone-600">Author</dt>
            <dd>{old.author || "–"}</dd>
            <dt className="text-stone-600">Episodes</dt>
            <dd data-testid="found-episode-count">{episodes.length}</dd>
            <dt className="text-stone-600">podcast:guid</dt>
            <dd className="font-mono text-sm break-all">{old.podcastGuid ?? "none: Podhaven makes one, as for a new show"}</dd>
            <dt className="text-stone-600">Cover</dt>
            <dd className="break-all">{old.imageUrl ?? "none"}</dd>
            <dt className="text-stone-600">Old feed</dt>
            <dd className="break-all">{moveIn.sourceUrl ?? "uploaded file without its own address"}</dd>
            <dt className="text-stone-600">podcast:locked</dt>
            <dd data-testid="found-locked">{old.isLocked ? "yes: it moves in only after you prove the feed is yours" : "no"}</dd>
          </dl>
        </section>
        <section aria-labelledby="first-episodes" className="flex flex-col gap-2">
          <h2 id="first-episodes" className="text-lg font-semibold">
            First episodes
          </h2>
          <ul className="flex flex-col gap-2">
            {episodes.slice(0, 5).map((episode) => (
              <li key={episode.guid} className="rounded-lg bg-white p-3 shadow-sm">
                <p className="font-medium break-words">{episode.title}</p>
                <p className="text-sm text-stone-600">
                  {episode.publishedAt ? new Date(episode.publishedAt).toISOString().slice(0, 10) : "no date"} · {formatDuration(episode.durationSec)} ·{" "}
                  <span className="font-mono break-all">guid {episode.guid}</span>
                </p>
              </li>
            ))}
          </ul>
        </section>
        {problems.length > 0 && (
          <section aria-labelledby="problems" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950">
            <h2 id="problems" className="font-semibold">
              {problems.length} problem{problems.length === 1 ? "" : "s"} found
            </h2>
            <ul className="mt-2 list-disc pl-5 break-words" data-testid="move-in-problems">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </section>
        )}
        {proof}
        <ConfirmMoveInForm action={confirmMoveInAction} moveInId={moveIn.id} initial={showDefaultsOf(old)} episodeCount={episodes.length} />
      </div>
    );
  }

  const counts = { queued: 0, importing: 0, done: 0, failed: 0 };
  for (const item of moveIn.items) if (item.state in counts) counts[item.state as keyof typeof counts]++;
  const isActive = moveIn.state === "importing";
  const failed = moveIn.items.filter((item) => item.state === "failed");
  const ours = feedUrl(moveIn.show.slug);
  return (
    <div className="flex flex-col gap-6">
      <AutoRefresh
        isActive={isActive}
        status={`${counts.done} of ${moveIn.items.length} episodes moved in`}
        doneStatus={`The move-in has finished: ${counts.done} moved in, ${counts.failed} failed.`}
      />
      <h1 className="text-2xl font-bold break-words">Moving in {moveIn.show.title}</h1>
      {proof}
      <p data-testid="move-in-summary" className="text-stone-700">
        {isActive ? "Copying episodes… this page refreshes by itself. " : "Finished. "}
        {counts.done} of {moveIn.items.length} moved in{counts.failed > 0 ? `, ${counts.failed} failed` : ""}
        {isActive ? `, ${counts.queued + counts.importing} to go` : ""}.{" "}
        <Link className="underline" href={`/shows/${moveIn.show.id}`}>
          Open the show
        </Link>
      </p>
      {!isActive && (failed.length > 0 || moveIn.showProblems.length > 0) && (
        <section aria-labelledby="report" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-950" data-testid="move-in-report">
          <h2 id="report" className="font-semibold">
            What did not move in
          </h2>
          <ul className="mt-2 list-disc pl-5 break-words">
            {moveIn.showProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
            {failed.map((item) => (
              <li key={item.id}>
                <strong>{item.title}</strong> (guid <span className="font-mono break-all">{item.guid}</span>): {item.error}
              </li>
            ))}
          </ul>
          {failed.length > 0 && (
            <div className="mt-3">
              <ConfirmForm
                action={retryMoveInAction}
                hidden={{ moveInId: moveIn.id }}
                label={`Try the ${failed.length === 1 ? "failed episode" : `${failed.length} failed episodes`} again`}
                pendingLabel="Queueing…"
                tone="quiet"
              />
            </div>
          )}
        </section>
      )}
      {!isActive && isVerified && (
        <section aria-labelledby="redirect" className="flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm">
          <h2 id="redirect" className="text-lg font-semibold">
            Last step: send your listeners here
          </h2>
          <p>Podcast apps keep polling your old feed until it tells them the show has moved. At your old host, do one of these (both is best):</p>
          <ol className="list-decimal space-y-2 pl-5">
            <li>
              <strong>Redirect the old feed</strong> with a permanent redirect, <strong>HTTP 301</strong>, to your Podhaven feed below. Most hosts call
              this &ldquo;redirect feed&rdquo; or &ldquo;move podcast&rdquo; in their settings. Keep it in place for as long as anyone may poll the old
              address (at least a few months).
            </li>
            <li>
              Or, where the old host cannot redirect, add <code className="break-all">{`<itunes:new-feed-url>${ours}</itunes:new-feed-url>`}</code> to the old
              feed&rsquo;s channel and leave the feed up until your listeners&rsquo; apps have moved.
            </li>
          </ol>
          <CopyField label="Your Podhaven feed" value={ours} />
          <p className="text-sm text-stone-600">
            Old feed: <span className="break-all">{moveIn.sourceUrl ?? "unknown (the uploaded file named none)"}</span>. Apple Podcasts and Spotify follow
            the redirect; you need not submit the show again.
          </p>
          {moveIn.sourceUrl && <CheckRedirectForm action={checkOldFeedRedirectAction} moveInId={moveIn.id} />}
        </section>
      )}
      <section aria-labelledby="episodes-progress" className="flex flex-col gap-2">
        <h2 id="episodes-progress" className="text-lg font-semibold">
          Episodes
        </h2>
        <ul className="flex flex-col gap-2" data-testid="move-in-items">
          {moveIn.items.map((item) => (
            <li key={item.id} className="flex flex-col gap-1 rounded-lg bg-white p-3 shadow-sm sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0">
                <p className="font-medium break-words">{item.title}</p>
                {item.error && <p className="text-sm text-red-800 break-words">{item.error}</p>}
                {item.warnings.map((warning) => (
                  <p key={warning} className="text-sm text-amber-900 break-words">
                    {warning}
                  </p>
                ))}
              </div>
              <span className="shrink-0 text-sm font-semibold" data-state={item.state}>
                {STATE_LABELS[item.state] ?? item.state}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
