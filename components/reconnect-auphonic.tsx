import { SignInButton } from "@/components/sign-in-button";

/** Shown wherever Auphonic refuses the stored token: one click runs the sign-in again. */
export function ReconnectAuphonic() {
  return (
    <section role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-950">
      <h2 className="text-lg font-semibold">Reconnect your Auphonic account</h2>
      <p className="mt-1 mb-4">
        Auphonic no longer accepts Podhaven&rsquo;s access to your account (it may have been revoked). Reconnect to keep
        receiving productions; nothing in Podhaven is lost.
      </p>
      <SignInButton label="Reconnect Auphonic" />
    </section>
  );
}
