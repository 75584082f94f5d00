import type { SandboxContext } from "./context.js";
import { createUuid22 } from "./ids.js";
import type { OutgoingService, Production, Service, User } from "./state.js";
import type { TemplateName } from "./templates.js";
import { startWebhookDelivery } from "./webhook.js";

export type FinishProductionInput = {
  user: User;
  service: Service | undefined;
  template: TemplateName;
  status: "Done" | "Error";
  deliver: boolean;
  /** Creation time (ms); defaults to now. */
  createdAt?: number;
  /** Finished, waiting for the user's approval: no webhook until approveProduction. */
  inReview?: boolean;
  metadataOverrides?: Record<string, unknown>;
  imageUrlOverride?: string;
};

export function createOutgoingEntry(service: Pick<Service, "uuid" | "display_name">): OutgoingService {
  return {
    uuid: service.uuid,
    display_name: service.display_name,
    type: "podhaven",
    delivery_state: "not_sent",
    transfer_success: null,
    error_message: "",
    result_page: null,
    result_urls: [],
    attempts: [],
  };
}

export function nextProductionSeq(ctx: SandboxContext): number {
  return ctx.state.nextSeq++;
}

/** A production that has just finished for the user, listing the service under outgoing services. */
export function finishProduction(ctx: SandboxContext, input: FinishProductionInput): Production {
  const createdAt = input.createdAt ?? ctx.now();
  const production: Production = {
    uuid: createUuid22(),
    userId: input.user.user_id,
    template: input.template,
    status: input.status,
    runCount: 1,
    createdAt,
    changedAt: createdAt,
    seq: nextProductionSeq(ctx),
    inReview: input.inReview ?? false,
    reviewBeforePublishing: input.inReview ?? false,
    ...(input.metadataOverrides ? { metadataOverrides: input.metadataOverrides } : {}),
    ...(input.imageUrlOverride ? { imageUrlOverride: input.imageUrlOverride } : {}),
    outgoing: input.service ? [createOutgoingEntry(input.service)] : [],
  };
  ctx.state.productions.set(production.uuid, production);
  if (input.deliver) publishFinishedProduction(ctx, production);
  return production;
}

/** Sends the webhook to every outgoing service now, whatever the faults (the control page's "send again"). */
export function deliverProduction(ctx: SandboxContext, production: Production): void {
  for (const entry of production.outgoing) startWebhookDelivery(ctx, production, entry);
}

/**
 * What Auphonic does when a production has finished: nothing yet while it waits for review, otherwise the
 * webhooks, unless the loseWebhooks fault swallows them (each finished production with services uses one).
 */
export function publishFinishedProduction(ctx: SandboxContext, production: Production): void {
  if (production.inReview || production.outgoing.length === 0) return;
  const { faults } = ctx.state;
  if (faults.loseWebhooks > 0) {
    faults.loseWebhooks -= 1;
    for (const entry of production.outgoing) {
      entry.delivery_state = "lost";
      entry.transfer_success = null;
      entry.error_message = "";
    }
    ctx.log(`webhook ${production.uuid} lost (loseWebhooks fault)`);
    return;
  }
  deliverProduction(ctx, production);
}

/** The user approves a production in review: it is published and its webhooks go out. */
export function approveProduction(ctx: SandboxContext, production: Production): void {
  production.inReview = false;
  production.changedAt = Math.max(ctx.now(), production.changedAt + 1);
  publishFinishedProduction(ctx, production);
}

/** Like re-running a production on Auphonic: same uuid, newer change_time, webhook sent again. */
export function rerunProduction(ctx: SandboxContext, production: Production, deliver = true): void {
  production.runCount += 1;
  production.changedAt = Math.max(ctx.now(), production.changedAt + 1);
  if (deliver) publishFinishedProduction(ctx, production);
}
