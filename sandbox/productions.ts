import type { SandboxContext } from "./context.js";
import { createUuid22 } from "./ids.js";
import type { Production, Service, User } from "./state.js";
import type { TemplateName } from "./templates.js";
import { startWebhookDelivery } from "./webhook.js";

export type FinishProductionInput = {
  user: User;
  service: Service | undefined;
  template: TemplateName;
  status: "Done" | "Error";
  deliver: boolean;
  metadataOverrides?: Record<string, unknown>;
  imageUrlOverride?: string;
};

/** A production that has just finished for the user, listing the service under outgoing services. */
export function finishProduction(ctx: SandboxContext, input: FinishProductionInput): Production {
  const now = ctx.now();
  const production: Production = {
    uuid: createUuid22(),
    userId: input.user.user_id,
    template: input.template,
    status: input.status,
    runCount: 1,
    createdAt: now,
    changedAt: now,
    ...(input.metadataOverrides ? { metadataOverrides: input.metadataOverrides } : {}),
    ...(input.imageUrlOverride ? { imageUrlOverride: input.imageUrlOverride } : {}),
    outgoing: input.service
      ? [
          {
            uuid: input.service.uuid,
            display_name: input.service.display_name,
            type: "podhaven",
            delivery_state: "not_sent",
            transfer_success: null,
            error_message: "",
            result_page: null,
            result_urls: [],
            attempts: [],
          },
        ]
      : [],
  };
  ctx.state.productions.set(production.uuid, production);
  if (input.deliver) deliverProduction(ctx, production);
  return production;
}

export function deliverProduction(ctx: SandboxContext, production: Production): void {
  for (const entry of production.outgoing) startWebhookDelivery(ctx, production, entry);
}

/** Like re-running a production on Auphonic: same uuid, newer change_time, webhook sent again. */
export function rerunProduction(ctx: SandboxContext, production: Production, deliver = true): void {
  production.runCount += 1;
  production.changedAt = Math.max(ctx.now(), production.changedAt + 1);
  if (deliver) deliverProduction(ctx, production);
}
