import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../context.js";
import {
  approveControlProduction,
  clearControlRequests,
  createControlProduction,
  listControlRequests,
  deleteControlProduction,
  deliverControlProduction,
  getControlProduction,
  getControlState,
  issueUserToken,
  rerunControlProduction,
  resetSandbox,
  revokeUserTokens,
  updateFaults,
  type ControlResult,
} from "../control-actions.js";
import { readJsonObject, RequestBodyError, safeDecode, sendJson } from "../http.js";

type ControlRoute = {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  run: (ctx: SandboxContext, params: string[], body: Record<string, unknown>) => ControlResult;
};

const ROUTES: ControlRoute[] = [
  { method: "GET", pattern: /^\/state$/, run: (ctx) => ({ status: 200, body: getControlState(ctx) }) },
  { method: "POST", pattern: /^\/reset$/, run: (ctx) => resetSandbox(ctx) },
  { method: "GET", pattern: /^\/faults$/, run: (ctx) => ({ status: 200, body: { ...ctx.state.faults } }) },
  { method: "POST", pattern: /^\/faults$/, run: (ctx, _p, body) => updateFaults(ctx, body) },
  { method: "POST", pattern: /^\/users\/([^/]+)\/revoke$/, run: (ctx, [name]) => revokeUserTokens(ctx, name!) },
  { method: "POST", pattern: /^\/users\/([^/]+)\/tokens$/, run: (ctx, [name]) => issueUserToken(ctx, name!) },
  { method: "GET", pattern: /^\/requests$/, run: (ctx) => listControlRequests(ctx) },
  { method: "DELETE", pattern: /^\/requests$/, run: (ctx) => clearControlRequests(ctx) },
  { method: "POST", pattern: /^\/productions$/, run: (ctx, _p, body) => createControlProduction(ctx, body) },
  { method: "GET", pattern: /^\/productions\/([^/]+)$/, run: (ctx, [uuid]) => getControlProduction(ctx, uuid!) },
  {
    method: "POST",
    pattern: /^\/productions\/([^/]+)\/rerun$/,
    run: (ctx, [uuid]) => rerunControlProduction(ctx, uuid!),
  },
  {
    method: "POST",
    pattern: /^\/productions\/([^/]+)\/deliver$/,
    run: (ctx, [uuid]) => deliverControlProduction(ctx, uuid!),
  },
  {
    method: "POST",
    pattern: /^\/productions\/([^/]+)\/approve$/,
    run: (ctx, [uuid]) => approveControlProduction(ctx, uuid!),
  },
  {
    method: "POST",
    pattern: /^\/productions\/([^/]+)\/delete$/,
    run: (ctx, [uuid]) => deleteControlProduction(ctx, uuid!),
  },
];

/** JSON control API under /control/api, without authentication: for people, tests and Playwright. */
export async function handleControlApi(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const path = url.pathname.slice("/control/api".length);
  const candidates = ROUTES.filter((route) => route.pattern.test(path));
  if (candidates.length === 0) return sendJson(res, 404, { error: `No control route ${path}.` });
  const route = candidates.find((candidate) => candidate.method === req.method);
  if (!route) return sendJson(res, 405, { error: `Use ${candidates.map((c) => c.method).join(" or ")}.` });

  let body: Record<string, unknown> = {};
  if (req.method === "POST") {
    try {
      body = await readJsonObject(req);
    } catch (error) {
      if (error instanceof RequestBodyError) return sendJson(res, 400, { error: error.message });
      throw error;
    }
  }
  const params = route.pattern.exec(path)!.slice(1).map((part) => safeDecode(part) ?? "");
  const result = route.run(ctx, params, body);
  sendJson(res, result.status, result.body);
}
