import { SignInButton } from "@/components/sign-in-button";

const DEFAULT_MESSAGE =
  "Auphonic no longer accepts Podhaven’s access to your account (it may have been revoked). Reconnect to keep receiving productions; nothing in Podhaven is lost.";

/** Shown wherever Auphonic refuses the stored token: one click runs the sign-in again and comes back here. */
export function ReconnectAuphonic({ returnTo = "/dashboard", message = DEFAULT_MESSAGE }: { returnTo?: string; message?: string }) {
  return (
    <section role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-950">
      <h2 className="text-lg font-semibold">Reconnect your Auphonic account</h2>
      <p className="mt-1 mb-4">{message}</p>
      <SignInButton label="Reconnect Auphonic" callbackUrl={returnTo} />
    </section>
  );
}
