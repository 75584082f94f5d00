"use client";

import { useActionState, useState } from "react";
import { useCreatorTimeZone } from "@/components/forms/use-creator-time-zone";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useKeptValuesSubmit } from "@/components/forms/use-kept-values-submit";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { EPISODE_TYPES } from "@/lib/episodes/episode-input";
import { checkCoverFile } from "@/lib/shows/cover-limits";
import { toLocalInputValue } from "@/lib/users/time-zone";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  episodeId: string;
  title: string;
  summary: string;
  episodeNumber: number | null;
  season: number | null;
  episodeType: string;
  explicit: boolean | null;
  showExplicit: boolean;
  /** ISO string; shown in the creator's zone. */
  publishedAt: string | null;
  isPublished: boolean;
  timeZone: string | null;
  hasArtwork: boolean;
};

const TYPE_LABELS: Record<(typeof EPISODE_TYPES)[number], string> = { full: "Full episode", trailer: "Trailer", bonus: "Bonus" };

/** Everything about an episode the creator may set; what they change here wins over later re-imports. */
export function EpisodeForm(props: Props) {
  const { action, episodeId } = props;
  const [state, formAction, isPending] = useActionState(action, initialActionState);
  const onSubmit = useKeptValuesSubmit(formAction);
  const errors = state.fieldErrors ?? {};
  const timeZone = useCreatorTimeZone(props.timeZone);
  const [artworkError, setArtworkError] = useState<string | null>(null);
  // React resets the form after an action, and a <select> (unlike inputs) does not take a changed defaultValue
  // then: the choices are mounted afresh for every answer, so a refused form keeps what was chosen.
  const [answer, setAnswer] = useState({ state, count: 0 });
  if (answer.state !== state) setAnswer({ state, count: answer.count + 1 });
  const value = (name: string, initial: string) => state.values?.[name] ?? initial;
  const numberText = (number: number | null) => (number === null ? "" : String(number));
  const explicitChoice = value("explicit", props.explicit === null ? "default" : props.explicit ? "yes" : "no");
  const publishedAtText = value("publishedAt", props.publishedAt ? toLocalInputValue(new Date(props.publishedAt), timeZone) : "");

  return (
    <form action={formAction} onSubmit={onSubmit} className="flex max-w-2xl flex-col gap-5" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="episodeId" value={episodeId} />
      <input type="hidden" name="browserTimeZone" value={timeZone} />
      <Field id="title" label="Title" errors={errors.title}>
        {(aria) => <input {...aria} name="title" required maxLength={300} defaultValue={value("title", props.title)} className={inputClass} />}
      </Field>
      <Field
        id="summary"
        label="Show notes"
        hint={
          <>
            Markdown: <code>**bold**</code>, <code>*italic*</code>, <code>[a link](https://example.com)</code>, lists with <code>-</code>; a line break
            stays a line break, and web addresses become links. Podcast apps get the links; scripts and other HTML are removed.
          </>
        }
        errors={errors.summary}
      >
        {(aria) => <textarea {...aria} name="summary" rows={8} maxLength={10_000} defaultValue={value("summary", props.summary)} className={`${inputClass} font-mono text-sm`} />}
      </Field>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Field id="season" label="Season" hint="Empty for none." errors={errors.season}>
          {(aria) => <input {...aria} name="season" inputMode="numeric" pattern="[0-9]*" defaultValue={value("season", numberText(props.season))} className={inputClass} />}
        </Field>
        <Field id="episodeNumber" label="Episode number" hint="Empty for none." errors={errors.episodeNumber}>
          {(aria) => (
            <input {...aria} name="episodeNumber" inputMode="numeric" pattern="[0-9]*" defaultValue={value("episodeNumber", numberText(props.episodeNumber))} className={inputClass} />
          )}
        </Field>
        <Field id="episodeType" label="Type" hint="For Apple Podcasts." errors={errors.episodeType}>
          {(aria) => (
            <select {...aria} key={answer.count} name="episodeType" defaultValue={value("episodeType", props.episodeType)} className={inputClass}>
              {EPISODE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="flex flex-col gap-1" aria-describedby={errors.explicit ? "explicit-error" : undefined}>
        <legend className="font-medium">Explicit content</legend>
        {[
          ["default", `As the show (${props.showExplicit ? "explicit" : "not explicit"})`],
          ["yes", "Explicit"],
          ["no", "Not explicit"],
        ].map(([choice, label]) => (
          <label key={choice} className="flex items-center gap-2">
            <input key={answer.count} type="radio" name="explicit" value={choice} defaultChecked={explicitChoice === choice} className="size-4" />
            {label}
          </label>
        ))}
        {errors.explicit && (
          <p id="explicit-error" className="text-sm font-medium text-red-700" data-testid="explicit-error">
            {errors.explicit.join(" ")}
          </p>
        )}
      </fieldset>
      <Field
        id="publishedAt"
        label="Publish date"
        hint={
          <>
            The date podcast apps show, in your time zone ({timeZone}). {props.isPublished ? "Not in the future: to release later, unpublish and schedule." : "Empty: set when the episode is published."}
          </>
        }
        errors={errors.publishedAt}
      >
        {(aria) => <input {...aria} key={timeZone} type="datetime-local" name="publishedAt" defaultValue={publishedAtText} className={`${inputClass} sm:max-w-64`} />}
      </Field>
      <Field
        id="cover"
        label={props.hasArtwork ? "Replace episode artwork" : "Episode artwork"}
        hint="Instead of the show's (or Auphonic's) image: JPEG or PNG, square, 1400 to 3000 pixels a side, at most 10 MB."
        errors={artworkError ? [artworkError] : errors.cover}
      >
        {(aria) => (
          <input
            {...aria}
            name="cover"
            type="file"
            accept="image/jpeg,image/png"
            className="text-base"
            onChange={(event) => {
              const file = event.target.files?.[0];
              const problem = file ? checkCoverFile(file)?.replace(/^The cover/, "The artwork") ?? null : null;
              setArtworkError(problem);
              if (problem) event.target.value = ""; // not attached: the rest of the form can still be saved
            }}
          />
        )}
      </Field>
      {props.hasArtwork && (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="removeArtwork" defaultChecked={state.values?.removeArtwork === "on"} className="size-4" />
          Remove my artwork (use the image from Auphonic, or the show&rsquo;s cover)
        </label>
      )}
      <div>
        <SubmitButton label="Save changes" pendingLabel="Saving…" isPending={isPending} />
      </div>
    </form>
  );
}
