"use client";

import { useActionState } from "react";
import { AudioUploadField } from "@/components/audio-upload-field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; episodeId: string; maxBytes: number };

export function ReplaceAudioForm({ action, episodeId, maxBytes }: Props) {
  const [state, formAction, isPending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormMessage state={state} returnTo={`/episodes/${episodeId}`} />
      <input type="hidden" name="episodeId" value={episodeId} />
      <AudioUploadField
        // A fresh field after each replacement (its message names the version): a used upload cannot be sent twice.
        key={state.ok ? state.message : "upload"}
        name="uploadId"
        label="New audio file"
        hint="It becomes the episode’s audio as it is; the feed then points at the new file."
        maxBytes={maxBytes}
        errors={state.fieldErrors?.uploadId}
      />
      <div>
        <SubmitButton label="Replace audio" pendingLabel="Replacing…" tone="quiet" isPending={isPending} />
      </div>
    </form>
  );
}
