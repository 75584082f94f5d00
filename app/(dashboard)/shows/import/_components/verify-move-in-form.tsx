"use client";

import { useActionState } from "react";
import { CopyField } from "@/components/copy-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  moveInId: string;
  code: string;
  line: string;
  isLocked: boolean;
  hasShow: boolean;
};

/** Proof of control of the old feed: the code to put in it, and a button that reads the old feed again. */
export function VerifyMoveInForm({ action, moveInId, code, line, isLocked, hasShow }: Props) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <section aria-labelledby="verify" className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-950" data-testid="verify-move-in">
      <h2 id="verify" className="text-lg font-semibold">
        Prove that the old feed is yours
      </h2>
      <p>
        {isLocked ? "The old feed is locked (podcast:locked yes): nothing is copied before this proof. " : ""}
        {hasShow
          ? "Until then the show is a draft: its page and feed are not public, nothing in it can be published, and it holds no podcast:guid."
          : "Until then the moved-in show stays a draft: not public, nothing published, no podcast:guid."}{" "}
        At your old host, add this line to the feed&rsquo;s channel (or put the code anywhere in its description), save, then press Verify.
      </p>
      <CopyField label="Line for the old feed" value={line} />
      <CopyField label="Or just the code" value={code} />
      <form action={formAction} className="flex flex-col items-start gap-3">
        <input type="hidden" name="moveInId" value={moveInId} />
        <SubmitButton label="Verify" pendingLabel="Reading the old feed…" />
        <p role="status" aria-live="polite" data-testid="verify-result" className={state.message ? `rounded-lg border px-4 py-3 ${state.ok ? "border-teal-300 bg-teal-50 text-teal-900" : "border-red-300 bg-red-50 text-red-900"}` : ""}>
          {state.message ?? ""}
        </p>
      </form>
    </section>
  );
}
