import { ReconnectAuphonic } from "@/components/reconnect-auphonic";
import { listConnectionPresets } from "@/lib/produce/list-connection-presets";
import { setConnectionPresetsAction } from "../preset-actions";
import { PresetTargetsForm } from "./preset-targets-form";

/** "Add to my Auphonic presets": every production made with a checked preset is sent to this connection too. */
export async function PresetTargets({ userId, showId, connectionId }: { userId: string; showId: string; connectionId: string }) {
  const result = await listConnectionPresets(userId, connectionId);
  const returnTo = `/shows/${showId}/connections/${connectionId}`;
  return (
    <section aria-labelledby="presets-heading" className="flex flex-col gap-2">
      <h2 id="presets-heading" className="text-xl font-semibold">
        Add to my Auphonic presets
      </h2>
      <p className="text-stone-700">Every production you make in Auphonic with a checked preset is also sent here. Unchecking removes this connection from the preset; its other targets stay.</p>
      {!result.ok ? (
        result.needsReconnect ? (
          <ReconnectAuphonic returnTo={returnTo} message={result.message} />
        ) : (
          <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900">
            {result.message} Reload the page to try again.
          </p>
        )
      ) : !result.isRegistered ? (
        <p className="text-stone-700">Auphonic has not told Podhaven this connection&rsquo;s service id yet: save the connection again above, then come back.</p>
      ) : result.presets.length === 0 ? (
        <p className="text-stone-700">You have no presets in Auphonic yet.</p>
      ) : (
        <PresetTargetsForm action={setConnectionPresetsAction} showId={showId} connectionId={connectionId} presets={result.presets} returnTo={returnTo} />
      )}
    </section>
  );
}
