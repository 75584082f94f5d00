import type { ReactNode } from "react";
import { ConfirmForm } from "@/components/forms/confirm-form";
import type { ActionState } from "@/lib/actions/action-state";

type Props = {
  /** The first step's label: it only opens the confirmation, it does nothing by itself. */
  label: string;
  confirmLabel: string;
  pendingLabel: string;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  children: ReactNode;
};

/**
 * An account action that asks first: a disclosure (<details>, keyboard and screen-reader operable without scripts)
 * that opens on what will happen and the button that does it. Closing it again is "no".
 */
export function ConfirmStep({ label, confirmLabel, pendingLabel, action, children }: Props) {
  return (
    <details className="group flex flex-col items-start gap-3">
      <summary className="w-fit cursor-pointer rounded-lg border border-stone-300 bg-white px-4 py-2 font-semibold text-stone-800 shadow-sm hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700">
        {label}
      </summary>
      <div className="mt-3 flex max-w-xl flex-col gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-stone-800">
        {children}
        <ConfirmForm action={action} hidden={{}} label={confirmLabel} pendingLabel={pendingLabel} />
        <p className="text-sm text-stone-600">Changed your mind? Nothing happens until you press the button: close this or leave the page.</p>
      </div>
    </details>
  );
}
