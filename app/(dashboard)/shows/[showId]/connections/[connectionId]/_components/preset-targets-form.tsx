"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  showId: string;
  connectionId: string;
  presets: { uuid: string; name: string; isTarget: boolean }[];
  returnTo: string;
};

/** A checkbox per Auphonic preset: checked ones list this connection as a publishing target. */
export function PresetTargetsForm({ action, showId, connectionId, presets, returnTo }: Props) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col items-start gap-3" data-testid="preset-targets-form">
      <input type="hidden" name="showId" value={showId} />
      <input type="hidden" name="connectionId" value={connectionId} />
      <fieldset className="flex flex-col gap-2">
        <legend className="sr-only">Presets that publish to this connection</legend>
        {presets.map((preset) => (
          <label key={preset.uuid} className="flex items-center gap-2">
            <input type="checkbox" name="preset" value={preset.uuid} defaultChecked={preset.isTarget} className="size-5" />
            <span>{preset.name}</span>
          </label>
        ))}
      </fieldset>
      <FormMessage state={state} returnTo={returnTo} />
      <SubmitButton label="Save presets" pendingLabel="Saving in Auphonic…" tone="quiet" />
    </form>
  );
}
