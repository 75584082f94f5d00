"use client";

import { useActionState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { APPLE_CATEGORY_VALUES } from "@/lib/shows/apple-categories";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  moveInId: string;
  initial: { slug: string; ownerEmail: string; category: string };
  episodeCount: number;
};

/** What the creator settles before the show is created; everything else comes from the old feed. */
export function ConfirmMoveInForm({ action, moveInId, initial, episodeCount }: Props) {
  const [state, formAction] = useActionState(action, initialActionState);
  const errors = state.fieldErrors ?? {};
  const value = (name: keyof Props["initial"]) => state.values?.[name] ?? initial[name];
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-5" noValidate>
      <FormMessage state={state} />
      {errors.form && (
        <ul role="alert" className="text-sm font-medium text-red-700">
          {errors.form.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <input type="hidden" name="moveInId" value={moveInId} />
      <Field id="slug" label="Address here (slug)" hint="Your show page and feed at Podhaven use it: /podcasts/<slug>/feed.xml." errors={errors.slug}>
        {(aria) => <input {...aria} name="slug" required defaultValue={value("slug")} className={inputClass} />}
      </Field>
      <Field id="ownerEmail" label="Owner email" hint="Apple and Spotify send ownership checks here." errors={errors.ownerEmail}>
        {(aria) => <input {...aria} name="ownerEmail" type="email" autoComplete="email" required defaultValue={value("ownerEmail")} className={inputClass} />}
      </Field>
      <Field id="category" label="Category" errors={errors.category}>
        {(aria) => (
          <select {...aria} name="category" defaultValue={value("category")} className={inputClass}>
            {APPLE_CATEGORY_VALUES.map((category) => (
              <option key={category}>{category}</option>
            ))}
          </select>
        )}
      </Field>
      <div>
        <SubmitButton label={`Move the show and ${episodeCount} episode${episodeCount === 1 ? "" : "s"} in`} pendingLabel="Creating the show…" />
      </div>
    </form>
  );
}
