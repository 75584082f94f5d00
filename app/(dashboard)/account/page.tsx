import type { Metadata } from "next";
import { ConfirmForm } from "@/components/forms/confirm-form";
import { requireSessionUser } from "@/lib/auth";
import { signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireSessionUser();
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">Account</h1>
      <p className="text-stone-700">
        Signed in with Auphonic as <strong>{user.username}</strong>.
      </p>
      <section aria-labelledby="sessions-heading" className="flex flex-col gap-2">
        <h2 id="sessions-heading" className="text-xl font-semibold">
          Sessions
        </h2>
        <p className="text-stone-700">
          Signed in on a device you no longer have, or on a shared computer? This ends every Podhaven session of yours, this
          one included; sign in with Auphonic again where you want to work.
        </p>
        <ConfirmForm action={signOutEverywhereAction} hidden={{}} label="Sign out everywhere" pendingLabel="Signing out…" />
      </section>
    </div>
  );
}
