import { unlink } from "node:fs/promises";
import type { SandboxContext } from "./context.js";
import { createRandomString } from "./ids.js";
import { renderProduction } from "./production-json.js";
import { approveProduction, deliverProduction, finishProduction, rerunProduction } from "./productions.js";
import { renderService } from "./service-json.js";
import {
  countActiveTokens,
  createAccessToken,
  findUserByName,
  resetState,
  type Faults,
  type Production,
} from "./state.js";
import { isTemplateName, TEMPLATE_NAMES } from "./templates.js";

export type ControlResult = { status: number; body: unknown };

const fail = (status: number, error: string): ControlResult => ({ status, body: { error } });

/** Enough for a reconciliation test with several pages of 100, small enough to answer in one JSON body. */
const MAX_CREATE_COUNT = 5_000;

export function renderControlProduction(ctx: SandboxContext, production: Production) {
  const user = ctx.state.users.find((u) => u.user_id === production.userId);
  return {
    ...renderProduction(ctx, production),
    username: user?.username ?? null,
    // null: made through POST /api/productions.json rather than from a template.
    template: production.api ? null : production.template,
  };
}

export function getControlState(ctx: SandboxContext) {
  const { state } = ctx;
  return {
    users: state.users.map((user) => ({
      user_id: user.user_id,
      username: user.username,
      email: user.email,
      credits: user.credits,
      tokens_active: countActiveTokens(state, user.user_id),
      services: state.services.filter((s) => s.userId === user.user_id).map(renderService),
    })),
    productions: [...state.productions.values()]
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
      .map((production) => renderControlProduction(ctx, production)),
    faults: { ...state.faults },
    stalledDownloads: ctx.stalledDownloads.size,
    foreignHost: { ...state.foreignHost },
    requestCount: state.requests.length,
    templates: [...TEMPLATE_NAMES],
  };
}

export function resetSandbox(ctx: SandboxContext): ControlResult {
  for (const delivery of ctx.deliveries) delivery.cancel();
  ctx.deliveries.clear();
  for (const response of ctx.stalledDownloads) response.destroy();
  ctx.stalledDownloads.clear();
  for (const run of ctx.processing) run.cancel();
  ctx.processing.clear();
  // Uploads of the old state go with it; the next upload makes a fresh directory.
  void ctx.uploads.discard();
  resetState(ctx.state);
  return { status: 200, body: getControlState(ctx) };
}

export function revokeUserTokens(ctx: SandboxContext, username: string): ControlResult {
  const user = findUserByName(ctx.state, username);
  if (!user) return fail(404, `Unknown user "${username}".`);
  let revoked = 0;
  for (const token of ctx.state.tokens.values()) {
    if (token.userId === user.user_id && !token.revoked) {
      token.revoked = true;
      revoked++;
    }
  }
  return { status: 200, body: { username, revoked, tokens_active: 0 } };
}

/** A token without the OAuth dance, for scripts and tests that only need API access. */
export function issueUserToken(ctx: SandboxContext, username: string): ControlResult {
  const user = findUserByName(ctx.state, username);
  if (!user) return fail(404, `Unknown user "${username}".`);
  const token = createAccessToken(ctx.state, user.user_id, ctx.now(), createRandomString(40));
  return { status: 201, body: { access_token: token.token, token_type: "bearer", user_name: username } };
}

export function createControlProduction(ctx: SandboxContext, input: Record<string, unknown>): ControlResult {
  const username = typeof input.username === "string" ? input.username : "";
  const user = findUserByName(ctx.state, username);
  if (!user) return fail(404, `Unknown user "${username}".`);

  const template = input.template ?? "interview";
  if (!isTemplateName(template)) return fail(400, `Unknown template; use one of ${TEMPLATE_NAMES.join(", ")}.`);
  const status = input.status ?? "Done";
  if (status !== "Done" && status !== "Error") return fail(400, 'status must be "Done" or "Error".');
  const deliver = input.deliver ?? true;
  if (typeof deliver !== "boolean") return fail(400, "deliver must be a boolean.");

  const services = ctx.state.services.filter((s) => s.userId === user.user_id);
  let service;
  if (typeof input.service_uuid === "string" && input.service_uuid !== "") {
    service = services.find((s) => s.uuid === input.service_uuid);
    if (!service) return fail(400, `${username} has no service with uuid "${input.service_uuid}".`);
  } else if (typeof input.display_name === "string" && input.display_name !== "") {
    service = services.find((s) => s.display_name === input.display_name);
    if (!service) return fail(400, `${username} has no service named "${input.display_name}".`);
  } else if (services.length > 1) {
    return fail(400, `${username} has several services: give service_uuid or display_name.`);
  } else {
    service = services[0];
  }

  const count = input.count ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_CREATE_COUNT) {
    return fail(400, `count must be an integer from 1 to ${MAX_CREATE_COUNT}.`);
  }
  let createdAt = ctx.now();
  if (input.created_at !== undefined) {
    const parsed = typeof input.created_at === "string" ? Date.parse(input.created_at) : Number.NaN;
    if (Number.isNaN(parsed)) return fail(400, "created_at must be an ISO 8601 date-time string.");
    createdAt = parsed;
  }
  const inReview = input.in_review ?? false;
  if (typeof inReview !== "boolean") return fail(400, "in_review must be a boolean.");
  if (inReview && status !== "Done") return fail(400, 'in_review needs status "Done".');

  const metadata = input.metadata ?? {};
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return fail(400, "metadata must be an object.");
  const metadataOverrides = Object.keys(metadata).length > 0 ? (metadata as Record<string, unknown>) : undefined;
  const imageUrl = input.image_url;
  if (imageUrl !== undefined && typeof imageUrl !== "string") return fail(400, "image_url must be a string.");
  const made = Array.from({ length: count }, (_, index) =>
    finishProduction(ctx, {
      user,
      service,
      template,
      status,
      deliver,
      // The last one made is the newest, at created_at; each earlier one 1 ms before it.
      createdAt: createdAt - (count - 1 - index),
      inReview,
      metadataOverrides,
      imageUrlOverride: imageUrl,
    }),
  );
  if (input.count === undefined) return { status: 201, body: renderControlProduction(ctx, made[0]!) };
  return { status: 201, body: { productions: made.map((production) => renderControlProduction(ctx, production)) } };
}

function withProduction(ctx: SandboxContext, uuid: string, action: (production: Production) => void): ControlResult {
  const production = ctx.state.productions.get(uuid);
  if (!production) return fail(404, `Unknown production "${uuid}".`);
  action(production);
  return { status: 200, body: renderControlProduction(ctx, production) };
}

/** Approves a production waiting in review: published, webhooks sent (loseWebhooks still applies). */
export function approveControlProduction(ctx: SandboxContext, uuid: string): ControlResult {
  const production = ctx.state.productions.get(uuid);
  if (!production) return fail(404, `Unknown production "${uuid}".`);
  if (!production.inReview) return fail(400, `Production "${uuid}" is not in review.`);
  approveProduction(ctx, production);
  return { status: 200, body: renderControlProduction(ctx, production) };
}

export function listControlRequests(ctx: SandboxContext): ControlResult {
  return { status: 200, body: { requests: ctx.state.requests.map((request) => ({ ...request })) } };
}

export function clearControlRequests(ctx: SandboxContext): ControlResult {
  const cleared = ctx.state.requests.length;
  ctx.state.requests = [];
  return { status: 200, body: { cleared } };
}

export const getControlProduction = (ctx: SandboxContext, uuid: string) => withProduction(ctx, uuid, () => {});

export const rerunControlProduction = (ctx: SandboxContext, uuid: string) =>
  withProduction(ctx, uuid, (production) => rerunProduction(ctx, production));

export const deliverControlProduction = (ctx: SandboxContext, uuid: string) =>
  withProduction(ctx, uuid, (production) => deliverProduction(ctx, production));

/** Like deleting a production on Auphonic: its API answers 404 from now on. */
export const deleteControlProduction = (ctx: SandboxContext, uuid: string) =>
  withProduction(ctx, uuid, (production) => {
    ctx.state.productions.delete(production.uuid);
    for (const file of [production.api?.input, production.api?.image]) if (file) void unlink(file.path).catch(() => {});
  });

const COUNT_FAULTS = [
  "api500",
  "apiDelayMs",
  "truncateDownloads",
  "corruptDownloads",
  "expireSignedUrls",
  "stallDownloads",
  "loseWebhooks",
] as const;
const FLAG_FAULTS = ["connectEmptyData", "redirectForeignHost"] as const;

export function updateFaults(ctx: SandboxContext, input: Record<string, unknown>): ControlResult {
  const next: Faults = { ...ctx.state.faults };
  for (const key of COUNT_FAULTS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      return fail(400, `${key} must be a non-negative integer.`);
    }
    next[key] = value;
  }
  for (const key of FLAG_FAULTS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") return fail(400, `${key} must be a boolean.`);
    next[key] = value;
  }
  const unknown = Object.keys(input).filter(
    (key) => !(COUNT_FAULTS as readonly string[]).includes(key) && !(FLAG_FAULTS as readonly string[]).includes(key),
  );
  if (unknown.length > 0) return fail(400, `Unknown fault(s): ${unknown.join(", ")}.`);
  ctx.state.faults = next;
  return { status: 200, body: { ...next } };
}

export { COUNT_FAULTS, FLAG_FAULTS };
