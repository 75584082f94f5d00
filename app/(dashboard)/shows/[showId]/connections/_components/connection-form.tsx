"use client";

import { useActionState, useRef, useState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormDraft } from "@/components/forms/use-form-draft";
import { useIsHydrated } from "@/components/use-is-hydrated";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { CUSTOM_DATA_MAX_BYTES, CUSTOM_DATA_PRESETS, parseCustomData, presetText, type CustomDataPreset } from "@/lib/connections/custom-data";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  showId: string;
  connectionId?: string;
  initialDisplayName: string;
  initialCustomData: string;
  returnTo: string;
};

export function ConnectionForm({ action, showId, connectionId, initialDisplayName, initialCustomData, returnTo }: Props) {
  const [state, formAction] = useActionState(action, initialActionState);
  const formRef = useRef<HTMLFormElement>(null);
  const customDataRef = useRef<HTMLTextAreaElement>(null);
  const isHydrated = useIsHydrated();
  const [liveErrors, setLiveErrors] = useState<string[]>([]);
  useFormDraft(formRef, connectionId ? `connection-${connectionId}` : `new-connection-${showId}`, Boolean(state.needsReconnect));

  const errors = state.fieldErrors ?? {};
  const customDataErrors = liveErrors.length > 0 ? liveErrors : errors.customData;

  function checkCustomData(text: string) {
    const result = parseCustomData(text);
    setLiveErrors(result.ok ? [] : result.errors);
  }

  return (
    <form ref={formRef} action={formAction} className="flex max-w-2xl flex-col gap-5" noValidate>
      <FormMessage state={state} returnTo={returnTo} />
      <input type="hidden" name="showId" value={showId} />
      {connectionId && <input type="hidden" name="connectionId" value={connectionId} />}
      <Field
        id="displayName"
        label="Display name"
        hint="How this target appears in Auphonic, e.g. “Family Podcast - Draft”. Auphonic adds “Podhaven” in front."
        errors={errors.displayName}
      >
        {(aria) => (
          <input {...aria} name="displayName" required maxLength={100} defaultValue={state.values?.displayName ?? initialDisplayName} className={inputClass} />
        )}
      </Field>
      <fieldset className="flex flex-col gap-2">
        <legend className="font-medium">Start from a preset</legend>
        <div className="flex flex-wrap gap-2">
          {(Object.keys(CUSTOM_DATA_PRESETS) as CustomDataPreset[]).map((preset) => (
            <button
              key={preset}
              type="button"
              disabled={!isHydrated}
              onClick={() => {
                if (!customDataRef.current) return;
                customDataRef.current.value = presetText(preset);
                checkCustomData(customDataRef.current.value);
              }}
              className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-100"
            >
              {CUSTOM_DATA_PRESETS[preset].label}
            </button>
          ))}
        </div>
      </fieldset>
      <Field
        id="customData"
        label="custom_data (JSON)"
        hint={
          <>
            Sent back by Auphonic with every production. Podhaven understands <code>publishState</code> (&quot;publish&quot;,
            &quot;draft&quot; or &quot;schedule&quot;), <code>episodeType</code> (&quot;full&quot;, &quot;trailer&quot;, &quot;bonus&quot;), <code>season</code> (number) and{" "}
            <code>explicit</code> (true/false); other keys are kept and shown on episodes. At most {CUSTOM_DATA_MAX_BYTES} bytes.
            <span className="mt-1 block">
              With <code>&quot;publishState&quot;: &quot;schedule&quot;</code> a new episode waits as a scheduled draft, released by
              either <code>&quot;publishAt&quot;: {"{"}&quot;weekday&quot;: &quot;friday&quot;, &quot;time&quot;: &quot;06:00&quot;{"}"}</code> (the
              next such weekday and time; without <code>weekday</code>, the next such time) or{" "}
              <code>&quot;publishDelayHours&quot;: 24</code> (that many hours after the import, 1 to 8784). Times are in your time zone
              (account page). Re-imports never schedule again; change or cancel the release on the episode&rsquo;s page.
            </span>
          </>
        }
        errors={customDataErrors}
      >
        {(aria) => (
          <textarea
            {...aria}
            name="customData"
            rows={8}
            spellCheck={false}
            ref={customDataRef}
            defaultValue={state.values?.customData ?? initialCustomData}
            onChange={(event) => checkCustomData(event.target.value)}
            className={`${inputClass} font-mono text-sm`}
          />
        )}
      </Field>
      <div>
        <SubmitButton label={connectionId ? "Save and re-register" : "Create and register"} pendingLabel="Registering with Auphonic…" />
      </div>
    </form>
  );
}
