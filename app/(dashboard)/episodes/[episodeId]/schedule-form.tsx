"use client";

import { useActionState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useKeptValuesSubmit } from "@/components/forms/use-kept-values-submit";
import { useCreatorTimeZone } from "@/components/forms/use-creator-time-zone";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { formatInTimeZone, toLocalInputValue } from "@/lib/users/time-zone";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  episodeId: string;
  /** ISO string of the scheduled release, if any. */
  scheduledAt: string | null;
  timeZone: string | null;
};

/** Sets or moves the time a draft is published at, in the creator's time zone. */
export function ScheduleForm({ action, episodeId, scheduledAt, timeZone: stored }: Props) {
  const [state, formAction, isPending] = useActionState(action, initialActionState);
  const onSubmit = useKeptValuesSubmit(formAction);
  const timeZone = useCreatorTimeZone(stored);
  const scheduled = scheduledAt ? new Date(scheduledAt) : null;
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-col gap-3">
      <FormMessage state={state} />
      <input type="hidden" name="episodeId" value={episodeId} />
      <input type="hidden" name="browserTimeZone" value={timeZone} />
      {scheduled && (
        <p data-testid="scheduled-for" className="font-medium">
          Scheduled for {formatInTimeZone(scheduled, timeZone)}
        </p>
      )}
      <Field id="publishAt" label={scheduled ? "Move the release to" : "Publish at"} hint={`Date and time in your time zone, ${timeZone}.`} errors={state.fieldErrors?.publishAt}>
        {(aria) => (
          <input
            {...aria}
            key={timeZone}
            type="datetime-local"
            name="publishAt"
            required
            defaultValue={state.values?.publishAt ?? (scheduled ? toLocalInputValue(scheduled, timeZone) : "")}
            className={`${inputClass} sm:max-w-64`}
          />
        )}
      </Field>
      <div>
        <SubmitButton label={scheduled ? "Move release" : "Schedule"} pendingLabel="Scheduling…" tone="quiet" isPending={isPending} />
      </div>
    </form>
  );
}
