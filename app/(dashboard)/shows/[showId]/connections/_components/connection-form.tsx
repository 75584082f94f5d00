"use client";

import { useActionState, useRef, useState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormDraft } from "@/components/forms/use-form-draft";
import { useKeptValuesSubmit } from "@/components/forms/use-kept-values-submit";
import { useIsHydrated } from "@/components/use-is-hydrated";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { CUSTOM_DATA_MAX_BYTES, CUSTOM_DATA_PRESETS, parseCustomData, presetText, type CustomDataPreset } from "@/lib/connections/custom-data";
import { describeConnectionPolicy } from "@/lib/connections/describe-connection-policy";
import { PolicyControls, readPolicy } from "./policy-controls";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  showId: string;
  connectionId?: string;
  initialDisplayName: string;
  initialCustomData: string;
  returnTo: string;
};

export function ConnectionForm({ action, showId, connectionId, initialDisplayName, initialCustomData, returnTo }: Props) {
  const [state, formAction, isPending] = useActionState(action, initialActionState);
  const onSubmit = useKeptValuesSubmit(formAction);
  const formRef = useRef<HTMLFormElement>(null);
  const isHydrated = useIsHydrated();
  const [liveErrors, setLiveErrors] = useState<string[]>([]);
  // The JSON is the one value submitted; the controls above it edit it, and what is typed in it shows in them.
  const [customData, setCustomData] = useState(() => state.values?.customData ?? initialCustomData);
  // Folded: the controls above say the same in plain words. The same on the server and in the browser, so hydration
  // never folds a view the creator (or a test) has just opened; without scripts it still opens natively.
  const [isJsonOpen, setIsJsonOpen] = useState(false);
  useFormDraft(formRef, connectionId ? `connection-${connectionId}` : `new-connection-${showId}`, Boolean(state.needsReconnect));

  const errors = state.fieldErrors ?? {};
  const customDataErrors = liveErrors.length > 0 ? liveErrors : errors.customData;

  function changeCustomData(text: string) {
    setCustomData(text);
    const result = parseCustomData(text);
    setLiveErrors(result.ok ? [] : result.errors);
  }
  // A refused JSON is shown where it can be fixed (and stays open while it is typed in).
  const hasJsonErrors = Boolean(customDataErrors?.length);

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="flex max-w-2xl flex-col gap-5" noValidate>
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
              onClick={() => changeCustomData(presetText(preset))}
              className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-100"
            >
              {CUSTOM_DATA_PRESETS[preset].label}
            </button>
          ))}
        </div>
      </fieldset>
      <noscript>
        <p className="text-sm text-stone-700">Without JavaScript these controls do not work: set the same under “Edit as JSON” below.</p>
      </noscript>
      <PolicyControls policy={readPolicy(customData)} disabled={!isHydrated} onChange={(policy) => changeCustomData(JSON.stringify(policy, null, 2))} />
      {!hasJsonErrors && (
        <p className="text-sm text-stone-700" data-testid="policy-summary">
          <span className="font-medium">In short:</span> {describeConnectionPolicy(customData)}
        </p>
      )}
      <details open={isJsonOpen || hasJsonErrors} onToggle={(event) => isHydrated && setIsJsonOpen(event.currentTarget.open)} className="rounded-lg border border-stone-200 p-4">
        <summary className="cursor-pointer font-medium">Edit as JSON</summary>
        <div className="mt-3">
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
            value={customData}
            onChange={(event) => {
              setIsJsonOpen(true);
              changeCustomData(event.target.value);
            }}
            className={`${inputClass} font-mono text-sm`}
          />
        )}
      </Field>
        </div>
      </details>
      <div>
        <SubmitButton label={connectionId ? "Save and re-register" : "Create and register"} pendingLabel="Registering with Auphonic…" isPending={isPending} />
      </div>
    </form>
  );
}
