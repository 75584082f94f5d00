"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState } from "@/lib/actions/action-state";
import { checkAuphonicNowAction } from "../actions";

/** Runs one reconciliation at once and says what it found, or why it could not. */
export function CheckNowForm() {
  const [state, formAction, isPending] = useActionState(checkAuphonicNowAction, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-2" data-testid="check-auphonic-now">
      <div>
        <SubmitButton label="Check Auphonic now" pendingLabel="Checking Auphonic…" tone="quiet" isPending={isPending} />
      </div>
      <FormMessage state={state} returnTo="/auphonic" />
    </form>
  );
}
