"use client";

import { useId, useState } from "react";
import { useIsHydrated } from "./use-is-hydrated";

/** A read-only URL with a copy button that says when it copied (or that copying is not allowed here). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [status, setStatus] = useState("");
  const id = useId();
  const isHydrated = useIsHydrated();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input id={id} readOnly value={value} onFocus={(event) => event.currentTarget.select()} className="min-w-0 flex-1 rounded-md border border-stone-300 bg-stone-50 px-2 py-1.5 font-mono text-sm" />
        <button
          type="button"
          disabled={!isHydrated}
          className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium"
          onClick={() =>
            navigator.clipboard
              .writeText(value)
              .then(() => setStatus("Copied."))
              .catch(() => setStatus("Copying is blocked here: select the address and copy it."))
          }
        >
          Copy
        </button>
      </div>
      <p role="status" className="text-sm text-stone-600">
        {status}
      </p>
    </div>
  );
}
