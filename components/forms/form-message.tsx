import { ReconnectAuphonic } from "@/components/reconnect-auphonic";
import type { ActionState } from "@/lib/actions/action-state";

/** The form-level outcome of a server action: an error, a success note, or the reconnect path. */
export function FormMessage({ state, returnTo }: { state: ActionState; returnTo?: string }) {
  if (state.needsReconnect) return <ReconnectAuphonic returnTo={returnTo} message={state.message} />;
  if (!state.message) return null;
  return (
    <p
      role={state.ok ? "status" : "alert"}
      className={`rounded-lg border px-4 py-3 ${state.ok ? "border-teal-300 bg-teal-50 text-teal-900" : "border-red-300 bg-red-50 text-red-900"}`}
    >
      {state.message}
    </p>
  );
}
