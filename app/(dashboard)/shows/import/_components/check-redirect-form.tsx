"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; moveInId: string };

/** Asks the old feed, on request, whether it now sends podcast apps here; the answer is read out. */
export function CheckRedirectForm({ action, moveInId }: Props) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col items-start gap-3">
      <input type="hidden" name="moveInId" value={moveInId} />
      <SubmitButton label="Check the old feed now" pendingLabel="Checking the old feed…" tone="quiet" />
      <p role="status" aria-live="polite" data-testid="redirect-check-result" className={state.message ? `rounded-lg border px-4 py-3 ${state.ok ? "border-teal-300 bg-teal-50 text-teal-900" : "border-amber-300 bg-amber-50 text-amber-950"}` : ""}>
        {state.message ?? ""}
      </p>
    </form>
  );
}
