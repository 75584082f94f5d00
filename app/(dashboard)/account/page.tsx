import type { Metadata } from "next";
import { QuotaSummarySection } from "@/components/quota-summary";
import { requireSessionUser } from "@/lib/auth";
import { getQuotaSummary } from "@/lib/quotas/get-quota-summary";
import { findStoredTimeZone } from "@/lib/users/get-user-time-zone";
import { disconnectAuphonicAction, signOutEverywhereAction } from "./actions";
import { ConfirmStep } from "./_components/confirm-step";
import { DeleteAccountForm } from "./_components/delete-account-form";
import { TimeZoneForm } from "./_components/time-zone-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireSessionUser();
  const [timeZone, quotas] = await Promise.all([findStoredTimeZone(user.id), getQuotaSummary(user.id)]);
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">Account</h1>
      <p className="text-stone-700">
        Signed in with Auphonic as <strong>{user.username}</strong>.
      </p>
      <QuotaSummarySection summary={quotas} />
      <section aria-labelledby="time-zone-heading" className="flex flex-col gap-2">
        <h2 id="time-zone-heading" className="text-xl font-semibold">
          Time zone
        </h2>
        <p className="text-stone-700">Scheduled releases and publish dates are shown and entered in this time zone.</p>
        <TimeZoneForm timeZone={timeZone} zones={Intl.supportedValuesOf("timeZone")} />
      </section>
      <section aria-labelledby="sessions-heading" className="flex flex-col gap-2">
        <h2 id="sessions-heading" className="text-xl font-semibold">
          Sessions
        </h2>
        <p className="text-stone-700">
          Signed in on a device you no longer have, or on a shared computer? This ends every Podhaven session of yours, this
          one included; sign in with Auphonic again where you want to work.
        </p>
        <ConfirmStep label="Sign out everywhere…" confirmLabel="Yes, sign out everywhere" pendingLabel="Signing out…" action={signOutEverywhereAction}>
          <p>
            Every Podhaven session of yours ends now: on this device and on every other. Nothing else changes; your shows,
            episodes and Auphonic connection stay as they are.
          </p>
        </ConfirmStep>
      </section>
      <section aria-labelledby="disconnect-heading" className="flex flex-col gap-2">
        <h2 id="disconnect-heading" className="text-xl font-semibold">
          Disconnect Auphonic
        </h2>
        <p className="text-stone-700">
          Removes Podhaven&rsquo;s access to your Auphonic account and signs you out everywhere. Your shows, episodes and feeds
          stay online; Auphonic&rsquo;s deliveries are logged meanwhile and imported by themselves when you sign in with Auphonic again. Auphonic
          keeps listing your Podhaven publishing targets: remove them on its External Services page if you want.
        </p>
        <ConfirmStep label="Disconnect Auphonic…" confirmLabel="Yes, disconnect Auphonic" pendingLabel="Disconnecting…" action={disconnectAuphonicAction}>
          <p>
            Podhaven forgets your Auphonic token now, and you are signed out on this device and every other. To work in
            Podhaven again, sign in with Auphonic.
          </p>
        </ConfirmStep>
      </section>
      <section aria-labelledby="delete-account-heading" className="flex flex-col gap-2">
        <h2 id="delete-account-heading" className="text-xl font-semibold">
          Delete my account
        </h2>
        <p className="text-stone-700">
          Deletes everything: your shows and their feeds and addresses, every episode, your connections and their delivery
          log. The media files (audio, covers, transcripts, uploads not yet used) are removed from storage at once; any that
          storage fails to remove are retried within the hour. Copies that listeners&rsquo; apps already downloaded stay on
          their devices. Podcast apps get 404 for your feeds and files from then on. Your shows&rsquo; addresses and podcast
          guids are never given to anyone else, so no other show can take your listeners. This cannot be undone.
        </p>
        <DeleteAccountForm username={user.username} />
      </section>
    </div>
  );
}
