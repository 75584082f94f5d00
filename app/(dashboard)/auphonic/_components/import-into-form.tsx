"use client";

import Link from "next/link";
import { useActionState, useId } from "react";
import { inputClass } from "@/components/forms/field";
import { ReconnectAuphonic } from "@/components/reconnect-auphonic";
import { SubmitButton } from "@/components/forms/submit-button";
import { importIntoShowAction } from "../actions";
import { initialImportIntoState } from "./import-into-state";

type Props = { productionUuid: string; productionTitle: string; targets: { connectionId: string; label: string }[] };

/** "Import into…" one finished production: a show's connection, then the import; the answer links to the episode. */
export function ImportIntoForm({ productionUuid, productionTitle, targets }: Props) {
  const [state, formAction, isPending] = useActionState(importIntoShowAction, initialImportIntoState);
  const id = useId();
  const selectId = `${id}-connection`;
  const errorId = `${id}-error`;
  const fieldErrors = state.fieldErrors?.connectionId;
  if (targets.length === 0) {
    return (
      <p className="text-sm text-stone-600">
        To import it, first <Link href="/shows/new" className="text-teal-800 underline">create a show</Link> with a connection.
      </p>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-2" aria-label={`Import “${productionTitle}” into a show`}>
      <input type="hidden" name="productionUuid" value={productionUuid} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor={selectId} className="text-sm font-medium">
            Import into…
          </label>
          <select
            id={selectId}
            name="connectionId"
            defaultValue={state.values?.connectionId ?? targets[0]!.connectionId}
            aria-invalid={Boolean(fieldErrors?.length)}
            aria-describedby={fieldErrors?.length ? errorId : undefined}
            className={inputClass}
          >
            {targets.map((target) => (
              <option key={target.connectionId} value={target.connectionId}>
                {target.label}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton label="Import" pendingLabel="Importing…" tone="quiet" isPending={isPending} />
      </div>
      {fieldErrors?.length ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {fieldErrors.join(" ")}
        </p>
      ) : null}
      {state.needsReconnect ? (
        <ReconnectAuphonic returnTo="/auphonic" message={state.message} />
      ) : state.message && !fieldErrors?.length ? (
        <p
          role={state.ok || state.episodeId ? "status" : "alert"}
          className={`rounded-lg border px-3 py-2 text-sm ${state.episodeId ? "border-teal-300 bg-teal-50 text-teal-900" : "border-red-300 bg-red-50 text-red-900"}`}
        >
          {state.message}{" "}
          {state.episodeId && (
            <Link href={`/episodes/${state.episodeId}`} className="font-semibold underline">
              Open the episode
            </Link>
          )}
        </p>
      ) : null}
    </form>
  );
}
