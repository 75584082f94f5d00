"use client";

import { useActionState } from "react";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  hidden: Record<string, string>;
  label: string;
  pendingLabel: string;
  tone?: "danger" | "quiet";
};

/** A one-button form for destructive or single-step actions (delete, rotate), with its outcome shown. */
export function ConfirmForm({ action, hidden, label, pendingLabel, tone = "danger" }: Props) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col items-start gap-3">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormMessage state={state} />
      <SubmitButton label={label} pendingLabel={pendingLabel} tone={tone} />
    </form>
  );
}
