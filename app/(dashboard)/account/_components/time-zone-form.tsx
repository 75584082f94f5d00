"use client";

import { useActionState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useKeptValuesSubmit } from "@/components/forms/use-kept-values-submit";
import { useCreatorTimeZone } from "@/components/forms/use-creator-time-zone";
import { initialActionState } from "@/lib/actions/action-state";
import { saveTimeZoneAction } from "../actions";

/** The zone dates are shown and entered in; until chosen, the browser's (preselected here). */
export function TimeZoneForm({ timeZone: stored, zones }: { timeZone: string | null; zones: string[] }) {
  const [state, formAction, isPending] = useActionState(saveTimeZoneAction, initialActionState);
  const onSubmit = useKeptValuesSubmit(formAction);
  const timeZone = useCreatorTimeZone(stored);
  const options = zones.includes(timeZone) ? zones : [timeZone, ...zones];
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex max-w-md flex-col gap-3" noValidate>
      <FormMessage state={state} />
      <Field
        id="timeZone"
        label="Time zone"
        hint={stored ? "Scheduled releases keep their moment when you change it; only how times are shown and entered changes." : "Not chosen yet: your browser's is preselected."}
        errors={state.fieldErrors?.timeZone}
      >
        {(aria) => (
          <select {...aria} key={timeZone} name="timeZone" defaultValue={state.values?.timeZone ?? timeZone} className={inputClass}>
            {options.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div>
        <SubmitButton label="Save time zone" pendingLabel="Saving…" tone="quiet" isPending={isPending} />
      </div>
    </form>
  );
}
