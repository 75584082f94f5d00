import type { SandboxContext } from "./context.js";
import type { FormErrors } from "./envelope.js";
import { validateMetadata } from "./metadata.js";
import type { Preset, Service } from "./state.js";

/** outgoing_services entries as Auphonic lists them in presets and productions. */
export function renderServiceReference(service: Service) {
  return { uuid: service.uuid, display_name: service.display_name, type: "podhaven" };
}

/** A preset as GET /api/preset/{uuid}.json returns it in `data` (and presets.json per entry). */
export function renderPreset(ctx: SandboxContext, preset: Preset) {
  const services = preset.outgoingServiceUuids
    .map((uuid) => ctx.state.services.find((service) => service.uuid === uuid))
    .filter((service): service is Service => service !== undefined);
  return {
    uuid: preset.uuid,
    preset_name: preset.preset_name,
    short_name: "",
    metadata: structuredClone(preset.metadata),
    outgoing_services: services.map(renderServiceReference),
    output_files: preset.output_files.map((file) => ({ ...file })),
    algorithms: { ...preset.algorithms },
    review_before_publishing: preset.review_before_publishing,
    is_multitrack: false,
    image: null,
    thumbnail: null,
    creation_time: new Date(preset.createdAt).toISOString(),
    change_time: new Date(preset.changedAt).toISOString(),
  };
}

/**
 * `[{uuid}, …]` naming the user's own services, as production and preset bodies give outgoing_services.
 * Answers the uuids, or the messages for form_errors.outgoing_services.
 */
export function readServiceUuids(ctx: SandboxContext, userId: string, input: unknown): { uuids: string[] } | { errors: string[] } {
  if (!Array.isArray(input) || input.length > 100) return { errors: ["Must be a list of {\"uuid\": …} objects."] };
  const uuids: string[] = [];
  for (const item of input) {
    const uuid = typeof item === "string" ? item : typeof item === "object" && item !== null ? (item as { uuid?: unknown }).uuid : undefined;
    if (typeof uuid !== "string" || uuid === "") return { errors: ["Each entry needs a \"uuid\" string."] };
    if (!ctx.state.services.some((service) => service.uuid === uuid && service.userId === userId)) {
      return { errors: [`Unknown service "${uuid.slice(0, 64)}".`] };
    }
    if (!uuids.includes(uuid)) uuids.push(uuid);
  }
  return { uuids };
}

/** POST /api/preset/{uuid}.json: the fields given change, `outgoing_services` replaces the list. */
export function updatePreset(ctx: SandboxContext, preset: Preset, body: Record<string, unknown>): FormErrors | undefined {
  const errors: FormErrors = {};
  const next: Partial<Preset> = {};
  if (body.preset_name !== undefined) {
    if (typeof body.preset_name !== "string" || body.preset_name.trim() === "" || body.preset_name.length > 200) {
      errors.preset_name = ["Must be a non-empty string of at most 200 characters."];
    } else next.preset_name = body.preset_name;
  }
  if (body.metadata !== undefined) {
    const metadata = validateMetadata(body.metadata);
    if ("errors" in metadata) errors.metadata = metadata.errors;
    else next.metadata = { ...preset.metadata, ...metadata.value };
  }
  if (body.outgoing_services !== undefined) {
    const services = readServiceUuids(ctx, preset.userId, body.outgoing_services);
    if ("errors" in services) errors.outgoing_services = services.errors;
    else next.outgoingServiceUuids = services.uuids;
  }
  if (body.review_before_publishing !== undefined) {
    if (typeof body.review_before_publishing !== "boolean") errors.review_before_publishing = ["Must be a boolean."];
    else next.review_before_publishing = body.review_before_publishing;
  }
  if (Object.keys(errors).length > 0) return errors;
  Object.assign(preset, next, { changedAt: Math.max(ctx.now(), preset.changedAt + 1) });
  return undefined;
}
