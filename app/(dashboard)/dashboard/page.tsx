import type { Metadata } from "next";
import { ReconnectAuphonic } from "@/components/reconnect-auphonic";
import { requireSessionUser } from "@/lib/auth";
import { getAuphonicAccount } from "@/lib/users/get-auphonic-account";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireSessionUser();
  const account = await getAuphonicAccount(user.id);

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Dashboard</h1>
      {account.state === "reconnect" && <ReconnectAuphonic />}
      {account.state === "unavailable" && (
        <p role="status" className="rounded-lg border border-stone-300 bg-white p-4">
          {account.message} Your shows and episodes are unaffected; reload the page to try again.
        </p>
      )}
      {account.state === "ok" && (
        <section aria-labelledby="auphonic-account" className="rounded-lg bg-white p-5 shadow-sm">
          <h2 id="auphonic-account" className="text-lg font-semibold">
            Your Auphonic account
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
            <dt className="text-stone-600">Username</dt>
            <dd data-testid="auphonic-username">{account.user.username}</dd>
            <dt className="text-stone-600">Credits left</dt>
            <dd data-testid="auphonic-credits">{formatCredits(account.user.credits)}</dd>
          </dl>
        </section>
      )}
    </div>
  );
}

function formatCredits(credits: number | null): string {
  if (credits === null) return "unknown";
  return `${credits.toLocaleString("en", { maximumFractionDigits: 2 })} hours`;
}
