"use client";

import { useActionState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState } from "@/lib/actions/action-state";
import { deleteAccountAction } from "../actions";

/** Deleting the account asks for the username, typed: a click alone must never delete everything. */
export function DeleteAccountForm({ username }: { username: string }) {
  const [state, formAction] = useActionState(deleteAccountAction, initialActionState);
  return (
    <form action={formAction} className="flex max-w-md flex-col gap-3" noValidate>
      <FormMessage state={state} />
      <Field id="confirmation" label={`Type ${username} to confirm`} errors={state.fieldErrors?.confirmation}>
        {(aria) => <input {...aria} name="confirmation" autoComplete="off" defaultValue={state.values?.confirmation ?? ""} className={inputClass} />}
      </Field>
      <div>
        <SubmitButton label="Delete my account" pendingLabel="Deleting…" tone="danger" />
      </div>
    </form>
  );
}
