"use client";

import { startTransition, useCallback, type FormEvent } from "react";

/**
 * Submits a form to its server action without React's reset: after a `<form action>` runs, React resets the form,
 * and selects, checkboxes and the chosen file go back to their first values even when the server refused the
 * entries. Submitting through onSubmit keeps every field as the user left it, files included. Without JavaScript
 * the form still posts through its `action`, and the page renders the submitted values back.
 */
export function useKeptValuesSubmit(formAction: (formData: FormData) => void) {
  return useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
      startTransition(() => formAction(formData));
    },
    [formAction],
  );
}
