"use client";

import { useActionState, useState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useKeptValuesSubmit } from "@/components/forms/use-kept-values-submit";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

// Uploads go through a server action (next.config.js allows 11 MB); larger feeds are read from their address.
const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState> };

/** The old feed's address, or its file: what the move-in reads first. */
export function MoveInForm({ action }: Props) {
  const [state, formAction, isPending] = useActionState(action, initialActionState);
  const onSubmit = useKeptValuesSubmit(formAction);
  const [fileError, setFileError] = useState<string | null>(null);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex max-w-2xl flex-col gap-5" noValidate>
      <FormMessage state={state} />
      <Field
        id="feedUrl"
        label="Your feed's address"
        hint="The RSS feed address your current host gives you, e.g. https://feeds.example.com/my-show.xml."
        errors={errors.feedUrl}
      >
        {(aria) => <input {...aria} name="feedUrl" type="url" inputMode="url" autoComplete="url" defaultValue={state.values?.feedUrl ?? ""} className={inputClass} />}
      </Field>
      <Field
        id="feedFile"
        label="Or upload the feed file (optional)"
        hint="An .xml file of at most 10 MB; used instead of the address when chosen. The redirect check needs the address, or the file's own atom:link."
        errors={fileError ? [fileError] : errors.feedFile}
      >
        {(aria) => (
          <input
            {...aria}
            name="feedFile"
            type="file"
            accept=".xml,.rss,application/rss+xml,application/xml,text/xml"
            className="text-base"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              const tooLarge = file && file.size > UPLOAD_MAX_BYTES;
              setFileError(tooLarge ? `This file is ${(file.size / 1024 / 1024).toFixed(1)} MB; upload at most 10 MB, or paste the feed's address.` : null);
              if (tooLarge) event.currentTarget.value = "";
            }}
          />
        )}
      </Field>
      <div>
        <SubmitButton label="Read the feed" pendingLabel="Reading the feed…" isPending={isPending} />
      </div>
    </form>
  );
}
