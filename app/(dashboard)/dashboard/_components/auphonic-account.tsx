import { AutoRefresh } from "@/components/auto-refresh";
import type { CachedAuphonicAccount } from "@/lib/users/describe-auphonic-account-cache";
import { formatInTimeZone } from "@/lib/users/time-zone";
import { refreshAuphonicAccountAction } from "../actions";

/**
 * The Auphonic account as last read (never read live: Auphonic may be slow), with when, and what went wrong with the
 * last check. Refreshes itself while a check is under way.
 */
export function AuphonicAccountSection({ account, timeZone }: { account: CachedAuphonicAccount; timeZone: string }) {
  const { asOf, failure, isRefreshing } = account;
  return (
    <section aria-labelledby="auphonic-account" className="flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm" data-testid="auphonic-account">
      <AutoRefresh isActive={isRefreshing} intervalMs={2000} />
      <h2 id="auphonic-account" className="text-lg font-semibold">
        Your Auphonic account
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        <dt className="text-stone-600">Username</dt>
        <dd data-testid="auphonic-username" className="break-words">
          {account.username}
        </dd>
        <dt className="text-stone-600">Credits left</dt>
        <dd data-testid="auphonic-credits">{asOf ? formatCredits(account.credits) : "not read yet"}</dd>
      </dl>
      <p className="text-sm text-stone-600" data-testid="auphonic-account-as-of">
        {asOf ? (
          <>
            As of <time dateTime={asOf.toISOString()}>{formatInTimeZone(asOf, timeZone)}</time>.
          </>
        ) : (
          "Podhaven has not read your credits from Auphonic yet."
        )}
      </p>
      {failure && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="auphonic-account-failure">
          The last check with Auphonic, at <time dateTime={failure.at.toISOString()}>{formatInTimeZone(failure.at, timeZone)}</time>, did not work:{" "}
          {failure.message} {asOf ? "The details above are from the last check that did." : ""}
        </p>
      )}
      {isRefreshing ? (
        <p role="status" className="text-sm text-sky-900" data-testid="auphonic-account-checking">
          Checking with Auphonic… this box updates by itself.
        </p>
      ) : (
        <form action={refreshAuphonicAccountAction}>
          <button type="submit" className="rounded-lg border border-stone-300 bg-white px-3 py-1.5 text-sm font-semibold text-stone-800">
            Check now
          </button>
        </form>
      )}
    </section>
  );
}

function formatCredits(credits: number | null): string {
  if (credits === null) return "unknown";
  return `${credits.toLocaleString("en", { maximumFractionDigits: 2 })} hours`;
}
