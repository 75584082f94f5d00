"use client";

import { useEffect, type RefObject } from "react";

/**
 * Keeps a form's text entries across the reconnect round trip to Auphonic: saved to sessionStorage when
 * `shouldSave` turns true, restored (once) when the page loads again.
 */
export function useFormDraft(formRef: RefObject<HTMLFormElement | null>, key: string, shouldSave: boolean) {
  const storageKey = `podhaven:draft:${key}`;

  useEffect(() => {
    const raw = sessionStorage.getItem(storageKey);
    const form = formRef.current;
    if (!raw || !form) return;
    sessionStorage.removeItem(storageKey);
    const values = JSON.parse(raw) as Record<string, string>;
    for (const [name, value] of Object.entries(values)) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement && field.type === "checkbox") field.checked = value === "on";
      else if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) {
        // Through the element's own setter, then an input event: a field React controls takes the value too.
        Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), "value")?.set?.call(field, value);
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  }, [formRef, storageKey]);

  useEffect(() => {
    const form = formRef.current;
    if (!shouldSave || !form) return;
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(form).entries()) if (typeof value === "string") values[name] = value;
    sessionStorage.setItem(storageKey, JSON.stringify(values));
  }, [formRef, storageKey, shouldSave]);
}
