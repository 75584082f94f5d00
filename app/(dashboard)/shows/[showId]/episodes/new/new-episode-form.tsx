"use client";

import { useActionState, useState } from "react";
import { AudioUploadField } from "@/components/audio-upload-field";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useCreatorTimeZone } from "@/components/forms/use-creator-time-zone";
import { useKeptValuesSubmit } from "@/components/forms/use-kept-values-submit";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { EPISODE_TEXT_LIMITS } from "@/lib/episodes/episode-input";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  showId: string;
  maxBytes: number;
  connections: { id: string; label: string }[];
  presets: { uuid: string; name: string }[];
  presetsError: string | null;
};

export function NewEpisodeForm({ action, showId, maxBytes, connections, presets, presetsError }: Props) {
  const [state, formAction, isPending] = useActionState(action, initialActionState);
  const onSubmit = useKeptValuesSubmit(formAction);
  const [mode, setMode] = useState(state.values?.mode ?? "publish");
  const browserTimeZone = useCreatorTimeZone(null);
  const errors = state.fieldErrors ?? {};

  return (
    <form action={formAction} onSubmit={onSubmit} className="flex max-w-2xl flex-col gap-5" noValidate>
      <FormMessage state={state} returnTo={`/shows/${showId}/episodes/new`} />
      <input type="hidden" name="showId" value={showId} />
      <input type="hidden" name="browserTimeZone" value={browserTimeZone} />
      <AudioUploadField name="uploadId" label="Audio file" hint="MP3, M4A, WAV, FLAC, Ogg or Opus. It is uploaded as soon as you choose it." maxBytes={maxBytes} errors={errors.uploadId} />
      <Field id="title" label="Title" errors={errors.title}>
        {(aria) => <input {...aria} name="title" required maxLength={EPISODE_TEXT_LIMITS.title} defaultValue={state.values?.title ?? ""} className={inputClass} />}
      </Field>
      <Field id="summary" label={mode === "produce" ? "Summary" : "Show notes"} hint="Markdown: **bold**, [links](https://…), lists." errors={errors.summary}>
        {(aria) => <textarea {...aria} name="summary" rows={6} maxLength={EPISODE_TEXT_LIMITS.summary} defaultValue={state.values?.summary ?? ""} className={inputClass} />}
      </Field>
      <Field id="connectionId" label="Connection" hint="Its policy decides what happens to the episode: published at once, a draft, or scheduled." errors={errors.connectionId}>
        {(aria) => (
          <select {...aria} name="connectionId" defaultValue={state.values?.connectionId ?? connections[0]?.id} className={inputClass}>
            {connections.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="flex flex-col gap-2">
        <legend className="font-medium">How</legend>
        <label className="flex items-start gap-2">
          <input type="radio" name="mode" value="publish" checked={mode === "publish"} onChange={() => setMode("publish")} className="mt-1" />
          <span>
            <span className="font-medium">Publish as it is</span>
            <span className="block text-sm text-stone-600">The file becomes the episode’s audio unchanged, checked and stored by Podhaven.</span>
          </span>
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="mode" value="produce" checked={mode === "produce"} onChange={() => setMode("produce")} className="mt-1" />
          <span>
            <span className="font-medium">Produce with Auphonic</span>
            <span className="block text-sm text-stone-600">
              Auphonic processes the file with the show’s details and sends the result back through the connection; you follow its status here.
            </span>
          </span>
        </label>
        {errors.mode && <p className="text-sm font-medium text-red-700">{errors.mode.join(" ")}</p>}
      </fieldset>
      {mode === "produce" && (
        <Field id="presetUuid" label="Auphonic preset" hint={presetsError ?? "The preset’s settings fill what this form leaves out."} errors={errors.presetUuid}>
          {(aria) => (
            <select {...aria} name="presetUuid" defaultValue={state.values?.presetUuid ?? ""} className={inputClass}>
              <option value="">No preset</option>
              {presets.map((preset) => (
                <option key={preset.uuid} value={preset.uuid}>
                  {preset.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <div>
        <SubmitButton label={mode === "produce" ? "Produce with Auphonic" : "Publish as it is"} pendingLabel={mode === "produce" ? "Sending to Auphonic…" : "Publishing…"} isPending={isPending} />
      </div>
    </form>
  );
}
