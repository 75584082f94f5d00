import type { Metadata } from "next";
import Link from "next/link";
import { DeliveriesTable } from "@/components/deliveries-table";
import { ConfirmForm } from "@/components/forms/confirm-form";
import { requireSessionUser } from "@/lib/auth";
import { describeConnectionPolicy } from "@/lib/connections/describe-connection-policy";
import { getConnectionOr404 } from "@/lib/connections/get-connection-or-404";
import { listDeliveriesForConnection } from "@/lib/connections/list-deliveries-for-connection";
import { webhookUrlFor } from "@/lib/connections/webhook-url";
import { env } from "@/lib/env.js";
import { listDeletedProductions } from "@/lib/episodes/restore-deleted-production";
import { deleteConnectionAction, restoreDeletedProductionAction, rotateConnectionSecretAction, updateConnectionAction } from "../actions";
import { ConnectionForm } from "../_components/connection-form";
import { PresetTargets } from "./_components/preset-targets";

export const metadata: Metadata = { title: "Connection" };

type Props = {
  params: Promise<{ showId: string; connectionId: string }>;
  searchParams: Promise<{ saved?: string; from?: string }>;
};

export default async function ConnectionPage({ params, searchParams }: Props) {
  const user = await requireSessionUser();
  const { showId, connectionId } = await params;
  const connection = await getConnectionOr404(user.id, showId, connectionId);
  const { saved, from } = await searchParams;
  const [deliveries, deletedProductions] = await Promise.all([
    listDeliveriesForConnection(user.id, connection.id),
    listDeletedProductions(user.id, connection.id),
  ]);
  const servicesPage = `${env.auphonicBaseUrl}/accounts/settings/#services`;
  const pagePath = `/shows/${showId}/connections/${connectionId}`;

  return (
    <div className="flex flex-col gap-8">
      <Link href={`/shows/${showId}`} className="text-sm text-teal-800 underline">
        ← {connection.show.title}
      </Link>
      {saved && (
        <div role="status" className="rounded-lg border border-teal-300 bg-teal-50 px-4 py-3 text-teal-900">
          {saved === "created" && "Connection created and registered with Auphonic."}
          {saved === "updated" && "Saved and re-registered with Auphonic under the same name."}
          {saved === "rotated" && "New webhook URL registered with Auphonic; the old one is no longer accepted."}
          {saved === "renamed" && (
            <>
              Renamed and registered with Auphonic as a new target. The old target &ldquo;{from}&rdquo; stays in Auphonic until you
              remove it on{" "}
              <a href={servicesPage} className="underline">
                Auphonic&rsquo;s External Services page
              </a>
              .
            </>
          )}
        </div>
      )}
      <header>
        <h1 className="text-2xl font-bold">{connection.displayName}</h1>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          <dt className="text-stone-600">What it does</dt>
          <dd data-testid="connection-policy">{describeConnectionPolicy(connection.customData)}</dd>
          <dt className="text-stone-600">State in Auphonic</dt>
          <dd data-testid="registration-state">
            {connection.registeredAt ? `Registered, last on ${connection.registeredAt.toISOString().slice(0, 19).replace("T", " ")} UTC` : "Not registered"}
          </dd>
          <dt className="text-stone-600">Auphonic service</dt>
          <dd className="font-mono text-sm">{connection.auphonicServiceUuid ?? "(Auphonic did not say)"}</dd>
          <dt className="text-stone-600">Webhook URL</dt>
          <dd className="font-mono text-sm break-all" data-testid="webhook-url">
            {webhookUrlFor(connection.webhookSecret)}
          </dd>
        </dl>
      </header>

      <section aria-labelledby="edit-heading" className="flex flex-col gap-3">
        <h2 id="edit-heading" className="text-xl font-semibold">
          Edit
        </h2>
        <ConnectionForm
          action={updateConnectionAction}
          showId={showId}
          connectionId={connectionId}
          initialDisplayName={connection.displayName}
          initialCustomData={JSON.stringify(JSON.parse(connection.customData), null, 2)}
          returnTo={pagePath}
        />
      </section>

      <PresetTargets userId={user.id} showId={showId} connectionId={connectionId} />

      <section aria-labelledby="deliveries-heading" className="flex flex-col gap-2">
        <h2 id="deliveries-heading" className="text-xl font-semibold">
          Deliveries
        </h2>
        <DeliveriesTable deliveries={deliveries} emptyText="No deliveries from Auphonic yet." />
      </section>

      {deletedProductions.length > 0 && (
        <section aria-labelledby="deleted-heading" className="flex flex-col gap-2">
          <h2 id="deleted-heading" className="text-xl font-semibold">
            Deleted episodes
          </h2>
          <p className="text-stone-700">
            Auphonic&rsquo;s deliveries of these productions import nothing, because you deleted their episodes. Import one again
            here if you want it back.
          </p>
          <ul className="flex flex-col gap-3">
            {deletedProductions.map((deleted) => (
              <li key={deleted.id} className="flex flex-wrap items-center gap-3 rounded-lg border border-stone-200 px-4 py-3">
                <span className="grow">
                  {deleted.title || deleted.productionUuid}{" "}
                  <span className="text-sm text-stone-600">deleted {deleted.deletedAt.toISOString().slice(0, 10)}</span>
                </span>
                <ConfirmForm
                  action={restoreDeletedProductionAction}
                  hidden={{ deletedProductionId: deleted.id }}
                  label="Import again"
                  pendingLabel="Queueing…"
                  tone="quiet"
                />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="secret-heading" className="flex flex-col gap-2">
        <h2 id="secret-heading" className="text-xl font-semibold">
          Webhook secret
        </h2>
        <p className="text-stone-700">If the webhook URL leaked, issue a new one. Auphonic is updated at once; the old URL stops working.</p>
        <ConfirmForm action={rotateConnectionSecretAction} hidden={{ showId, connectionId }} label="Rotate webhook URL" pendingLabel="Rotating…" tone="quiet" />
      </section>

      <section aria-labelledby="delete-heading" className="flex flex-col gap-2">
        <h2 id="delete-heading" className="text-xl font-semibold">
          Delete connection
        </h2>
        <p className="text-stone-700">
          Podhaven stops accepting deliveries for it. Auphonic offers no way for us to remove the target: remove it yourself on{" "}
          <a href={servicesPage} className="underline">
            Auphonic&rsquo;s External Services page
          </a>
          .
        </p>
        <ConfirmForm action={deleteConnectionAction} hidden={{ showId, connectionId }} label="Delete connection" pendingLabel="Deleting…" />
      </section>
    </div>
  );
}
