"use client";

import { useActionState, useRef, useState } from "react";
import { Field, inputClass } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormDraft } from "@/components/forms/use-form-draft";
import { useKeptValuesSubmit } from "@/components/forms/use-kept-values-submit";
import { checkCoverFile } from "@/lib/shows/cover-limits";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { APPLE_CATEGORY_VALUES } from "@/lib/shows/apple-categories";
import { DIRECTORIES, type DirectoryField } from "@/lib/shows/directory-links";
import { slugify } from "@/lib/shows/show-input";

export type ShowFormValues = {
  title: string;
  slug: string;
  description: string;
  author: string;
  ownerName: string;
  ownerEmail: string;
  language: string;
  category: string;
  explicit: boolean;
  type: string;
  link: string;
  newFeedUrl?: string;
  redirectFeed?: boolean;
  isLocked?: boolean;
} & Partial<Record<DirectoryField, string | null>>;

type Props = {
  showId?: string;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  initial: ShowFormValues;
  isNew: boolean;
  coverUrl: string | null;
};

export function ShowForm({ showId, action, initial, isNew, coverUrl }: Props) {
  const [state, formAction, isPending] = useActionState(action, initialActionState);
  const onSubmit = useKeptValuesSubmit(formAction);
  const formRef = useRef<HTMLFormElement>(null);
  const slugRef = useRef<HTMLInputElement>(null);
  const [isSlugTouched, setIsSlugTouched] = useState(!isNew);
  const [newSlug, setNewSlug] = useState<string | null>(null);
  useFormDraft(formRef, isNew ? "new-show" : `show-${initial.slug}`, Boolean(state.needsReconnect));

  const value = (name: keyof ShowFormValues) => state.values?.[name] ?? String(initial[name] ?? "");
  const checked = (name: "redirectFeed" | "isLocked", fallback: boolean) => (state.values?.[name] ? state.values[name] === "on" : (initial[name] ?? fallback));
  const errors = state.fieldErrors ?? {};
  // Checked in the browser before anything is uploaded: a file over the limit never reaches the server.
  const [coverError, setCoverError] = useState<string | null>(null);

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="flex max-w-2xl flex-col gap-5" noValidate>
      <FormMessage state={state} returnTo={showId ? `/shows/${showId}/edit` : "/shows/new"} />
      {showId && <input type="hidden" name="showId" value={showId} />}
      <Field id="title" label="Title" errors={errors.title}>
        {(aria) => (
          <input
            {...aria}
            name="title"
            required
            maxLength={255}
            defaultValue={value("title")}
            onChange={(event) => {
              if (!isSlugTouched && slugRef.current) slugRef.current.value = slugify(event.target.value);
            }}
            className={inputClass}
          />
        )}
      </Field>
      <Field id="slug" label="Address (slug)" hint="Used in your public show page and feed URLs." errors={errors.slug}>
        {(aria) => (
          <input
            {...aria}
            name="slug"
            required
            ref={slugRef}
            defaultValue={value("slug")}
            onChange={(event) => {
              setIsSlugTouched(true);
              setNewSlug(event.target.value.trim());
            }}
            className={inputClass}
          />
        )}
      </Field>
      {!isNew && newSlug !== null && newSlug !== initial.slug && (
        <p role="status" data-testid="slug-change-warning" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
          You are changing the show&rsquo;s address. The old feed address <code>/podcasts/{initial.slug}/feed.xml</code> and the
          old pages will answer with a permanent redirect (301) to the new ones, so podcast apps and listeners follow; the old
          address stays yours and no one else can take it. Directories that list your feed update when they next read it.
        </p>
      )}
      <Field id="description" label="Description" errors={errors.description}>
        {(aria) => <textarea {...aria} name="description" rows={4} required defaultValue={value("description")} className={inputClass} />}
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="author" label="Author" errors={errors.author}>
          {(aria) => <input {...aria} name="author" required defaultValue={value("author")} className={inputClass} />}
        </Field>
        <Field id="language" label="Language" hint="A code such as en or de-AT." errors={errors.language}>
          {(aria) => <input {...aria} name="language" required defaultValue={value("language")} className={inputClass} />}
        </Field>
        <Field id="ownerName" label="Owner name" errors={errors.ownerName}>
          {(aria) => <input {...aria} name="ownerName" required defaultValue={value("ownerName")} className={inputClass} />}
        </Field>
        <Field id="ownerEmail" label="Owner email" hint="Apple and Spotify send ownership checks here." errors={errors.ownerEmail}>
          {(aria) => <input {...aria} name="ownerEmail" type="email" required defaultValue={value("ownerEmail")} className={inputClass} />}
        </Field>
        <Field id="category" label="Category" errors={errors.category}>
          {(aria) => (
            <select {...aria} name="category" defaultValue={value("category")} className={inputClass}>
              {APPLE_CATEGORY_VALUES.map((category) => (
                <option key={category}>{category}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="type" label="Type" errors={errors.type}>
          {(aria) => (
            <select {...aria} name="type" defaultValue={value("type")} className={inputClass}>
              <option value="episodic">Episodic (newest first)</option>
              <option value="serial">Serial (in order)</option>
            </select>
          )}
        </Field>
      </div>
      <Field id="link" label="Website (optional)" errors={errors.link}>
        {(aria) => <input {...aria} name="link" type="url" defaultValue={value("link")} className={inputClass} />}
      </Field>
      <div className="flex items-center gap-2">
        <input
          id="explicit"
          name="explicit"
          type="checkbox"
          defaultChecked={state.values ? state.values.explicit === "on" : initial.explicit}
          className="size-5"
        />
        <label htmlFor="explicit">Explicit content</label>
      </div>
      <Field
        id="cover"
        label={isNew ? "Cover art" : "Replace cover art"}
        hint="JPEG or PNG, square, 1400 to 3000 pixels a side, at most 10 MB."
        errors={coverError ? [coverError] : errors.cover}
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
              const problem = file ? checkCoverFile(file) : null;
              setCoverError(problem);
              if (problem) event.target.value = ""; // not attached: the rest of the form can still be saved
            }}
          />
        )}
      </Field>
      {coverUrl && (
        // eslint-disable-next-line @next/next/no-img-element -- media is served by our own route, already sized
        <img src={coverUrl} alt="Current cover art" width={160} height={160} className="rounded-lg shadow-sm" />
      )}
      <fieldset className="flex flex-col gap-3 rounded-lg border border-stone-200 p-4">
        <legend className="px-1 font-semibold">Where listeners find the show (optional)</legend>
        <p className="text-sm text-stone-600">
          Once a directory lists your feed, paste the show&rsquo;s link there: the public pages offer it as a subscribe
          button. RSS and the apps that take a feed directly work without any of these.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          {DIRECTORIES.map((directory) => (
            <Field key={directory.field} id={directory.field} label={directory.name} hint={`e.g. ${directory.example}`} errors={errors[directory.field]}>
              {(aria) => <input {...aria} name={directory.field} type="url" inputMode="url" defaultValue={value(directory.field)} className={inputClass} />}
            </Field>
          ))}
        </div>
      </fieldset>
      {!isNew && (
        <fieldset className="flex flex-col gap-3 rounded-lg border border-stone-200 p-4">
          <legend className="px-1 font-semibold">Moving to another host</legend>
          <Field
            id="newFeedUrl"
            label="New feed URL (optional)"
            hint="Adds itunes:new-feed-url to this feed, so Apple Podcasts and other apps move your subscribers to it."
            errors={errors.newFeedUrl}
          >
            {(aria) => <input {...aria} name="newFeedUrl" type="url" defaultValue={value("newFeedUrl")} className={inputClass} />}
          </Field>
          <div className="flex items-start gap-2">
            <input type="hidden" name="redirectFeed" value="off" />
            <input
              id="redirectFeed"
              name="redirectFeed"
              type="checkbox"
              defaultChecked={checked("redirectFeed", false)}
              aria-invalid={Boolean(errors.redirectFeed)}
              aria-describedby={errors.redirectFeed ? "redirectFeed-error" : undefined}
              className="mt-1 size-5"
            />
            <label htmlFor="redirectFeed">Also answer this feed&rsquo;s address with a permanent redirect (301) to the new feed</label>
          </div>
          {errors.redirectFeed && (
            <p id="redirectFeed-error" className="text-sm font-medium text-red-700" data-testid="redirectFeed-error">
              {errors.redirectFeed.join(" ")}
            </p>
          )}
          <div className="flex items-start gap-2">
            <input type="hidden" name="isLocked" value="off" />
            <input id="isLocked" name="isLocked" type="checkbox" defaultChecked={checked("isLocked", true)} className="mt-1 size-5" />
            <label htmlFor="isLocked">Locked (podcast:locked): other hosts may not import this feed unless you confirm it is yours</label>
          </div>
        </fieldset>
      )}
      {isNew && (
        <div className="flex items-start gap-2 rounded-lg bg-white p-4 shadow-sm">
          <input
            id="withConnections"
            name="withConnections"
            type="checkbox"
            defaultChecked={state.values ? state.values.withConnections === "on" : true}
            className="mt-1 size-5"
          />
          <label htmlFor="withConnections">
            Also create the two usual Auphonic publishing targets, <strong>&ldquo;… - Publish Now&rdquo;</strong> and{" "}
            <strong>&ldquo;… - Draft&rdquo;</strong>, named after the show
          </label>
        </div>
      )}
      <div>
        <SubmitButton label={isNew ? "Create show" : "Save show"} pendingLabel="Saving…" isPending={isPending} />
      </div>
    </form>
  );
}
