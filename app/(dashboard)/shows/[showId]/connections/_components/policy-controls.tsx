"use client";

import { useId } from "react";
import { inputClass } from "@/components/forms/field";
import { WEEKDAYS } from "@/lib/connections/custom-data";

type Policy = Record<string, unknown>;

/** The JSON object in the editor, or null while it is not one (the controls wait until it is). */
export function readPolicy(text: string): Policy | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Policy) : null;
  } catch {
    return null;
  }
}

/** The same object with `key` set, or removed when `value` is undefined; other keys (the creator's own) stay. */
function withKey(policy: Policy, key: string, value: unknown): Policy {
  const next = { ...policy };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

type Props = { policy: Policy | null; disabled: boolean; onChange: (policy: Policy) => void };

/**
 * What a connection does with a production, as form controls: publish now, draft or scheduled (a weekday and time,
 * or hours after the import), episode type, season, explicit. They edit the custom_data JSON, which stays the
 * one value submitted (the advanced view shows it, and what is typed there shows here).
 */
export function PolicyControls({ policy, disabled, onChange }: Props) {
  const id = useId();
  const isOff = disabled || policy === null;
  const current = policy ?? {};
  const state = typeof current.publishState === "string" ? current.publishState : "";
  const publishAt = (typeof current.publishAt === "object" && current.publishAt !== null ? current.publishAt : {}) as { weekday?: string; time?: string };
  const scheduleMode = current.publishDelayHours !== undefined ? "delay" : "weekday";
  const set = (key: string, value: unknown) => onChange(withKey(current, key, value));

  const setState = (next: string) => {
    let policyNext = withKey(current, "publishState", next || undefined);
    if (next === "schedule") {
      if (policyNext.publishAt === undefined && policyNext.publishDelayHours === undefined) policyNext.publishAt = { weekday: "friday", time: "06:00" };
    } else {
      policyNext = withKey(withKey(policyNext, "publishAt", undefined), "publishDelayHours", undefined);
    }
    onChange(policyNext);
  };

  return (
    <fieldset className="flex flex-col gap-4 rounded-lg border border-stone-200 p-4" disabled={isOff} data-testid="policy-controls">
      <legend className="px-1 font-semibold">What happens with a finished production</legend>
      {policy === null && !disabled && <p className="text-sm text-amber-800">Fix the JSON below to use these controls again.</p>}
      <div role="radiogroup" aria-labelledby={`${id}-publish`} className="flex flex-col gap-1">
        <span id={`${id}-publish`} className="font-medium">
          Publishing
        </span>
        {[
          ["publish", "Publish at once"],
          ["draft", "Save as a draft"],
          ["schedule", "Schedule the release"],
        ].map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name={`${id}-publishState`} value={value} checked={state === value} onChange={() => setState(value!)} className="size-4" />
            {label}
          </label>
        ))}
      </div>
      {state === "schedule" && (
        <div className="flex flex-col gap-2 rounded-md bg-stone-50 p-3">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-scheduleMode`}
              checked={scheduleMode === "weekday"}
              onChange={() => onChange(withKey(withKey(current, "publishDelayHours", undefined), "publishAt", { weekday: "friday", time: "06:00" }))}
              className="size-4"
            />
            On the next
          </label>
          {scheduleMode === "weekday" && (
            <div className="flex flex-wrap items-center gap-2 pl-6">
              <label htmlFor={`${id}-weekday`} className="sr-only">
                Weekday
              </label>
              <select
                id={`${id}-weekday`}
                value={publishAt.weekday ?? ""}
                onChange={(event) => set("publishAt", { ...publishAt, weekday: event.target.value || undefined })}
                className={`${inputClass} w-auto`}
              >
                <option value="">day</option>
                {WEEKDAYS.map((day) => (
                  <option key={day} value={day}>
                    {day[0]!.toUpperCase() + day.slice(1)}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-time`}>at</label>
              <input
                id={`${id}-time`}
                type="time"
                value={publishAt.time ?? ""}
                onChange={(event) => set("publishAt", { ...publishAt, time: event.target.value })}
                className={`${inputClass} w-auto`}
              />
              <span className="text-sm text-stone-600">(your time zone)</span>
            </div>
          )}
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-scheduleMode`}
              checked={scheduleMode === "delay"}
              onChange={() => onChange(withKey(withKey(current, "publishAt", undefined), "publishDelayHours", 24))}
              className="size-4"
            />
            A number of hours after the import
          </label>
          {scheduleMode === "delay" && (
            <div className="flex items-center gap-2 pl-6">
              <label htmlFor={`${id}-hours`} className="sr-only">
                Hours after the import
              </label>
              <input
                id={`${id}-hours`}
                type="number"
                min={1}
                max={8784}
                value={typeof current.publishDelayHours === "number" ? current.publishDelayHours : ""}
                onChange={(event) => set("publishDelayHours", event.target.value === "" ? undefined : Number(event.target.value))}
                className={`${inputClass} w-28`}
              />
              <span>hours</span>
            </div>
          )}
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Episode type</span>
          <select
            value={typeof current.episodeType === "string" ? current.episodeType : ""}
            onChange={(event) => set("episodeType", event.target.value || undefined)}
            className={inputClass}
          >
            <option value="">Not set (full)</option>
            <option value="full">Full</option>
            <option value="trailer">Trailer</option>
            <option value="bonus">Bonus</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Season</span>
          <input
            type="number"
            min={1}
            max={9999}
            value={typeof current.season === "number" ? current.season : ""}
            onChange={(event) => set("season", event.target.value === "" ? undefined : Number(event.target.value))}
            className={inputClass}
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Explicit</span>
          <select
            value={current.explicit === true ? "yes" : current.explicit === false ? "no" : ""}
            onChange={(event) => set("explicit", event.target.value === "" ? undefined : event.target.value === "yes")}
            className={inputClass}
          >
            <option value="">As the show</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </label>
      </div>
    </fieldset>
  );
}
