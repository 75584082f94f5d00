import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { SandboxContext } from "../context.js";
import { sendEnvelope, sendEnvelopeError, type FormErrors } from "../envelope.js";
import { mediaType, readBody, redirect, RequestBodyError, safeDecode } from "../http.js";
import { createUuid22 } from "../ids.js";
import { findProductionFile, renderProduction, type DownloadKind } from "../production-json.js";
import { renderService } from "../service-json.js";
import type { Production, User } from "../state.js";
import { findOwnProduction, type ApiHandler } from "./api-common.js";
import { getPreset, listPresets, postPreset } from "./api-presets.js";
import { createProduction, startProduction, updateProduction, uploadProduction } from "./api-productions.js";
import { createSignedStorageUrl } from "../storage-url.js";

type ApiRoute = { method: string; pattern: RegExp; handler: (params: string[], url: URL) => ApiHandler };

function authenticate(ctx: SandboxContext, req: IncomingMessage, url: URL): User | { error: string } {
  const header = req.headers.authorization?.trim() ?? "";
  const match = /^bearer\s+(\S+)$/i.exec(header);
  const token = match?.[1] ?? url.searchParams.get("bearer_token");
  if (!token) return { error: "Request authentication failed, no authentication credentials provided." };
  const record = ctx.state.tokens.get(token);
  const user = record && !record.revoked ? ctx.state.users.find((u) => u.user_id === record.userId) : undefined;
  return user ?? { error: "Token doesn't exist" };
}

async function readConnectBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (mediaType(req) === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RequestBodyError("JSON parse error - the request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RequestBodyError("The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

function validateConnect(body: Record<string, unknown>) {
  const errors: FormErrors = {};
  const { display_name: displayName, webhook_url: webhookUrl, custom_data: customData } = body;

  if (displayName === undefined || displayName === null || displayName === "") {
    errors.display_name = ["This field is required."];
  } else if (typeof displayName !== "string") errors.display_name = ["Not a valid string."];
  else if (displayName.trim() === "") errors.display_name = ["This field may not be blank."];
  else if (displayName.length > 100) errors.display_name = ["Ensure this field has no more than 100 characters."];

  if (webhookUrl === undefined || webhookUrl === null || webhookUrl === "") {
    errors.webhook_url = ["This field is required."];
  } else if (typeof webhookUrl !== "string") errors.webhook_url = ["Not a valid string."];
  else {
    const parsed = URL.canParse(webhookUrl) ? new URL(webhookUrl) : undefined;
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.hostname === "") {
      errors.webhook_url = ["Enter a valid URL."];
    }
  }

  if (customData !== undefined && customData !== null) {
    if (typeof customData !== "string") errors.custom_data = ["Not a valid string."];
    else if (customData.length > 10_000) errors.custom_data = ["Ensure this field has no more than 10000 characters."];
  }

  if (Object.keys(errors).length > 0) return { errors };
  return {
    value: {
      display_name: displayName as string,
      webhook_url: webhookUrl as string,
      custom_data: typeof customData === "string" ? customData : null,
    },
  };
}

const getUser: ApiHandler = (_ctx, _req, res, user) => sendEnvelope(res, 200, { ...user });

const connectService: ApiHandler = async (ctx, req, res, user) => {
  const result = validateConnect(await readConnectBody(req));
  if (!result.value) return sendEnvelopeError(res, 400, "Invalid input data.", result.errors);
  const now = ctx.now();
  let service = ctx.state.services.find(
    (s) => s.userId === user.user_id && s.display_name === result.value.display_name,
  );
  if (service) {
    service.webhook_url = result.value.webhook_url;
    service.custom_data = result.value.custom_data;
    service.updatedAt = now;
  } else {
    service = { uuid: createUuid22(), userId: user.user_id, ...result.value, createdAt: now, updatedAt: now };
    ctx.state.services.push(service);
  }
  sendEnvelope(res, 200, ctx.state.faults.connectEmptyData ? {} : renderService(service));
};

const listServices: ApiHandler = (ctx, _req, res, user) =>
  sendEnvelope(
    res,
    200,
    ctx.state.services.filter((s) => s.userId === user.user_id).map(renderService),
  );

const getProduction =
  (uuid: string): ApiHandler =>
  (ctx, _req, res, user) => {
    const production = findOwnProduction(ctx, res, user, uuid);
    if (production) sendEnvelope(res, 200, renderProduction(ctx, production));
  };

const getProductionStatus =
  (uuid: string): ApiHandler =>
  (ctx, _req, res, user) => {
    const production = findOwnProduction(ctx, res, user, uuid);
    if (!production) return;
    const { status, status_string } = renderProduction(ctx, production);
    sendEnvelope(res, 200, { status, status_string });
  };

const MAX_LIST_LIMIT = 100;

/** A non-negative integer query parameter; undefined when absent, an error message when malformed. */
function readCount(query: URLSearchParams, name: string): number | undefined | { error: string } {
  const raw = query.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  if (!/^\d{1,9}$/.test(raw.trim())) return { error: "A valid integer is required." };
  return Number(raw.trim());
}

function isFlagSet(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name)?.trim().toLowerCase();
  return raw === "1" || raw === "true" || raw === "yes";
}

/** Newest first; productions made in the same millisecond keep their creation order. */
export function sortNewestFirst(productions: Iterable<Production>): Production[] {
  return [...productions].sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
}

const listProductions =
  (query: URLSearchParams): ApiHandler =>
  (ctx, _req, res, user) => {
    const limit = readCount(query, "limit");
    const offset = readCount(query, "offset");
    const errors: FormErrors = {};
    if (typeof limit === "object") errors.limit = [limit.error];
    if (typeof offset === "object") errors.offset = [offset.error];
    if (Object.keys(errors).length > 0) return sendEnvelopeError(res, 400, "Invalid query parameters.", errors);
    const start = (offset as number | undefined) ?? 0;
    const count = Math.min(Math.max((limit as number | undefined) ?? MAX_LIST_LIMIT, 0), MAX_LIST_LIMIT);
    const own = sortNewestFirst([...ctx.state.productions.values()].filter((p) => p.userId === user.user_id));
    const page = own.slice(start, start + count);
    if (isFlagSet(query, "uuids_only")) return sendEnvelope(res, 200, page.map((p) => p.uuid));
    if (isFlagSet(query, "minimal_data")) {
      return sendEnvelope(
        res,
        200,
        page.map((production) => {
          const full = renderProduction(ctx, production);
          return {
            uuid: full.uuid,
            status: full.status,
            status_string: full.status_string,
            creation_time: full.creation_time,
            change_time: full.change_time,
            metadata: { title: full.metadata.title },
            error_message: full.error_message,
          };
        }),
      );
    }
    sendEnvelope(res, 200, page.map((production) => renderProduction(ctx, production)));
  };

const downloadFile =
  (kind: DownloadKind, uuid: string, filename: string): ApiHandler =>
  (ctx, _req, res, user) => {
    const production = findOwnProduction(ctx, res, user, uuid);
    if (!production) return;
    if (kind === "audio-result" && production.status !== "Done") {
      return sendEnvelopeError(res, 404, "Not Found");
    }
    if (!findProductionFile(production, kind, filename)) return sendEnvelopeError(res, 404, "Not Found");
    redirect(res, 302, createSignedStorageUrl(ctx, uuid, filename));
  };

const UUID = "([A-Za-z0-9]{22})";
const ROUTES: ApiRoute[] = [
  { method: "GET", pattern: /^\/api\/user\.json$/, handler: () => getUser },
  { method: "GET", pattern: /^\/api\/presets\.json$/, handler: () => listPresets },
  { method: "GET", pattern: new RegExp(`^/api/preset/${UUID}\\.json$`), handler: ([uuid]) => getPreset(uuid!) },
  { method: "POST", pattern: new RegExp(`^/api/preset/${UUID}\\.json$`), handler: ([uuid]) => postPreset(uuid!) },
  { method: "GET", pattern: /^\/api\/productions\.json$/, handler: (_params, url) => listProductions(url.searchParams) },
  { method: "POST", pattern: /^\/api\/service\/connect\.json$/, handler: () => connectService },
  { method: "GET", pattern: /^\/api\/services\.json$/, handler: () => listServices },
  { method: "POST", pattern: /^\/api\/productions\.json$/, handler: () => createProduction },
  { method: "GET", pattern: new RegExp(`^/api/production/${UUID}\\.json$`), handler: ([uuid]) => getProduction(uuid!) },
  { method: "POST", pattern: new RegExp(`^/api/production/${UUID}\\.json$`), handler: ([uuid]) => updateProduction(uuid!) },
  {
    method: "POST",
    pattern: new RegExp(`^/api/production/${UUID}/upload\\.json$`),
    handler: ([uuid]) => uploadProduction(uuid!),
  },
  {
    method: "POST",
    pattern: new RegExp(`^/api/production/${UUID}/start\\.json$`),
    handler: ([uuid]) => startProduction(uuid!),
  },
  {
    method: "GET",
    pattern: new RegExp(`^/api/production/${UUID}/status\\.json$`),
    handler: ([uuid]) => getProductionStatus(uuid!),
  },
  {
    method: "GET",
    pattern: new RegExp(`^/api/download/(audio-result|audio-upload)/${UUID}/([^/]+)$`),
    handler: ([kind, uuid, filename]) => downloadFile(kind as DownloadKind, uuid!, safeDecode(filename!) ?? ""),
  },
];

const MAX_REQUEST_RECORDS = 100_000;

export async function handleApi(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const { faults, requests } = ctx.state;
  if (requests.length >= MAX_REQUEST_RECORDS) requests.shift();
  requests.push({ method: req.method ?? "GET", path: url.pathname, search: url.search, at: new Date(ctx.now()).toISOString() });
  if (faults.apiDelayMs > 0) await sleep(faults.apiDelayMs);
  if (faults.api500 > 0) {
    faults.api500 -= 1;
    return sendEnvelopeError(res, 500, "Internal Server Error");
  }

  const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
  const matches = ROUTES.map((route) => ({ route, match: route.pattern.exec(url.pathname) })).filter(
    (candidate) => candidate.match !== null,
  );
  if (matches.length === 0) return sendEnvelopeError(res, 404, "Not Found");
  const found = matches.find((candidate) => candidate.route.method === method);
  if (!found) return sendEnvelopeError(res, 405, `Method "${req.method}" not allowed.`);

  const user = authenticate(ctx, req, url);
  if ("error" in user) return sendEnvelopeError(res, 401, user.error);
  try {
    await found.route.handler(found.match!.slice(1), url)(ctx, req, res, user);
  } catch (error) {
    if (error instanceof RequestBodyError) return sendEnvelopeError(res, 400, error.message);
    throw error;
  }
}
