"use client";

import { useActionState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  episodeId: string;
  title: string;
  summary: string;
  episodeNumber: number | null;
};

/** Title, show notes and episode number; what the creator changes here wins over later re-imports. */
export function EpisodeForm({ action, episodeId, title, summary, episodeNumber }: Props) {
  const [state, formAction] = useActionState(action, initialActionState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="episodeId" value={episodeId} />
      <Field id="title" label="Title" errors={errors.title}>
        {(aria) => <input {...aria} name="title" required maxLength={300} defaultValue={state.values?.title ?? title} className={inputClass} />}
      </Field>
      <Field id="summary" label="Show notes" hint="Plain text; blank lines start new paragraphs." errors={errors.summary}>
        {(aria) => <textarea {...aria} name="summary" rows={6} maxLength={10_000} defaultValue={state.values?.summary ?? summary} className={inputClass} />}
      </Field>
      <Field id="episodeNumber" label="Episode number" hint="Leave empty for none." errors={errors.episodeNumber}>
        {(aria) => (
          <input
            {...aria}
            name="episodeNumber"
            inputMode="numeric"
            pattern="[0-9]*"
            defaultValue={state.values?.episodeNumber ?? (episodeNumber === null ? "" : String(episodeNumber))}
            className={`${inputClass} max-w-32`}
          />
        )}
      </Field>
      <SubmitButton label="Save changes" pendingLabel="Saving…" />
    </form>
  );
}
