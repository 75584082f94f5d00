"use client";

import { useFormStatus } from "react-dom";

type Props = {
  label: string;
  pendingLabel: string;
  tone?: "primary" | "danger" | "quiet";
  /** For forms submitted through useKeptValuesSubmit, which the form status does not see: useActionState's isPending. */
  isPending?: boolean;
};

export function SubmitButton({ label, pendingLabel, tone = "primary", isPending }: Props) {
  const status = useFormStatus();
  const pending = isPending ?? status.pending;
  const tones = {
    primary: "bg-teal-700 text-white hover:bg-teal-800",
    danger: "bg-red-700 text-white hover:bg-red-800",
    quiet: "border border-stone-300 bg-white text-stone-800 hover:bg-stone-100",
  };
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className={`rounded-lg px-4 py-2 font-semibold shadow-sm disabled:opacity-70 ${tones[tone]}`}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
