import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../context.js";
import {
  approveControlProduction,
  clearControlRequests,
  COUNT_FAULTS,
  createControlProduction,
  deliverControlProduction,
  FLAG_FAULTS,
  getControlState,
  rerunControlProduction,
  resetSandbox,
  revokeUserTokens,
  updateFaults,
  type ControlResult,
} from "../control-actions.js";
import { escapeHtml, htmlPage, readForm, redirect, sendHtml } from "../http.js";

type ControlState = ReturnType<typeof getControlState>;
type ControlUser = ControlState["users"][number];
type ControlProduction = ControlState["productions"][number];

const e = escapeHtml;

function renderOptions(values: readonly string[]): string {
  return values.map((value) => `<option value="${e(value)}">${e(value)}</option>`).join("");
}

function renderUser(user: ControlUser, templates: readonly string[]): string {
  const services = user.services
    .map(
      (service) => `<section aria-label="Service ${e(service.display_name)}">
<h4>${e(service.display_name)}</h4>
<dl>
<dt>uuid</dt><dd><code>${e(service.uuid)}</code></dd>
<dt>webhook_url</dt><dd><code>${e(service.webhook_url)}</code></dd>
<dt>custom_data</dt><dd><pre>${e(service.custom_data ?? "(none)")}</pre></dd>
</dl>
<form method="post" action="/control/actions/finish">
<input type="hidden" name="username" value="${e(user.username)}">
<input type="hidden" name="service_uuid" value="${e(service.uuid)}">
<label>Template <select name="template">${renderOptions(templates)}</select></label>
<label>Status <select name="status">${renderOptions(["Done", "Error"])}</select></label>
<label>Afterwards <select name="outcome">
<option value="deliver">send the webhook</option>
<option value="none">no webhook</option>
<option value="review">hold in review (Done only)</option>
</select></label>
<label>How many <input type="number" name="count" min="1" max="5000" value="1" inputmode="numeric"></label>
<button type="submit">Finish production</button>
</form>
</section>`,
    )
    .join("\n");
  return `<section aria-labelledby="user-${e(user.username)}">
<h3 id="user-${e(user.username)}">${e(user.username)}</h3>
<p>${e(user.email)} · user_id <code>${e(user.user_id)}</code> · ${e(user.credits)} credits ·
<span data-testid="tokens-${e(user.username)}">${user.tokens_active} active token(s)</span></p>
<form method="post" action="/control/actions/revoke">
<input type="hidden" name="username" value="${e(user.username)}">
<button type="submit">Revoke tokens of ${e(user.username)}</button>
</form>
${services || "<p>No connected services.</p>"}
</section>`;
}

function renderProductionItem(production: ControlProduction): string {
  const services = production.outgoing_services
    .map((service) => {
      const attempts = service.attempts
        .map(
          (a) =>
            `<li>delivery ${a.delivery}, attempt ${a.attempt} at ${e(a.started_at)}: ${e(a.http_status ?? "no answer")}${a.error ? ` (${e(a.error)})` : ""}, ${a.duration_ms} ms</li>`,
        )
        .join("");
      const urls = [service.result_page, ...service.result_urls]
        .filter((value): value is string => Boolean(value))
        .map((value) => `<li><code>${e(value)}</code></li>`)
        .join("");
      return `<li>${e(service.display_name)} (<code>${e(service.uuid)}</code>): <strong>${e(service.delivery_state)}</strong>
${service.error_message ? `<span class="error">${e(service.error_message)}</span>` : ""}
<ul>${attempts}</ul>${urls ? `Result URLs: <ul>${urls}</ul>` : ""}</li>`;
    })
    .join("");
  const title = typeof production.metadata.title === "string" && production.metadata.title !== "" ? production.metadata.title : "(untitled)";
  const uuidField = `<input type="hidden" name="uuid" value="${e(production.uuid)}">`;
  const approve = production.in_review
    ? `<form method="post" action="/control/actions/approve">${uuidField}<button type="submit">Approve ${e(title)} (publish, send webhook)</button></form>`
    : "";
  return `<section aria-label="Production ${e(production.uuid)}">
<h3>${e(title)}</h3>
<p><code>${e(production.uuid)}</code> · ${e(production.username)} · ${production.template === null ? "made through the API" : `template ${e(production.template)}`} ·
status ${e(production.status_string)}${production.in_review ? " · <strong>in review</strong>" : ""} · created ${e(production.creation_time)} · changed ${e(production.change_time)}</p>
<ul>${services || "<li>No outgoing services.</li>"}</ul>
${approve}
<form method="post" action="/control/actions/rerun">${uuidField}<button type="submit">Re-run production</button></form>
<form method="post" action="/control/actions/deliver">${uuidField}<button type="submit">Send webhook again</button></form>
</section>`;
}

function renderFaults(faults: ControlState["faults"]): string {
  const counts = COUNT_FAULTS.map(
    (key) => `<label>${key} <input type="number" min="0" name="${key}" value="${faults[key]}"></label>`,
  ).join("<br>");
  const flags = FLAG_FAULTS.map(
    (key) => `<label><input type="checkbox" name="${key}" value="true"${faults[key] ? " checked" : ""}> ${key}</label>`,
  ).join("<br>");
  return `<form method="post" action="/control/actions/faults">${counts}<br>${flags}<br><button type="submit">Save faults</button></form>`;
}

function renderControlPage(ctx: SandboxContext, message: string | null): string {
  const state = getControlState(ctx);
  const isPending = state.productions.some((p) => p.outgoing_services.some((s) => s.delivery_state === "pending"));
  const body = `<main>
<h1>Auphonic sandbox</h1>
${isPending ? '<p role="status">Webhook deliveries are running: <a href="/control">refresh</a> to see new attempts.</p>' : ""}
${message ? `<p role="status">${e(message)}</p>` : ""}
<p>Public URL <code>${e(ctx.publicUrl())}</code> · client_id <code>${e(ctx.config.clientId)}</code> · <a href="/control">Refresh</a></p>
<h2>Users</h2>
${state.users.map((user) => renderUser(user, state.templates)).join("\n")}
<h2>Productions</h2>
${state.productions.length > MAX_LISTED ? `<p>Showing the newest ${MAX_LISTED} of ${state.productions.length} productions.</p>` : ""}
${state.productions.slice(0, MAX_LISTED).map(renderProductionItem).join("\n") || "<p>No productions yet.</p>"}
<h2>Faults</h2>
<form method="post" action="/control/actions/lose-webhooks">
<p id="lose-help">The next finished productions send no webhook, as if it got lost on the way (${state.faults.loseWebhooks} pending now).</p>
<label>Lose the next <input type="number" name="count" min="1" max="1000" value="1" inputmode="numeric" aria-describedby="lose-help"> webhook(s)</label>
<button type="submit">Lose webhooks</button>
</form>
${renderFaults(state.faults)}
<h2>API requests</h2>
<p><span data-testid="request-count">${state.requestCount}</span> request(s) to <code>/api/</code> since the log was last cleared
(<code>GET /control/api/requests</code> lists them).</p>
<form method="post" action="/control/actions/clear-requests"><button type="submit">Clear the request log</button></form>
<h2>Reset</h2>
<form method="post" action="/control/actions/reset"><button type="submit">Reset sandbox</button></form>
</main>`;
  return htmlPage("Auphonic sandbox control", body);
}

function readFaultsForm(form: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of COUNT_FAULTS) if (form.has(key)) input[key] = Number(form.get(key) || 0);
  for (const key of FLAG_FAULTS) input[key] = form.get(key) === "true";
  return input;
}

const MAX_LISTED = 100;

/** The finish form's fields as the control API takes them. */
function readFinishForm(form: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = Object.fromEntries(form);
  const outcome = form.get("outcome") ?? "deliver";
  delete input.outcome;
  input.deliver = outcome === "deliver";
  if (outcome === "review") input.in_review = true;
  const count = form.get("count");
  if (count !== null && count !== "") input.count = Number(count);
  else delete input.count;
  return input;
}

function loseWebhooks(ctx: SandboxContext, form: URLSearchParams): ControlResult {
  const count = Number(form.get("count") || 1);
  if (!Number.isInteger(count) || count < 1) return { status: 400, body: { error: "Give a whole number of webhooks to lose." } };
  return updateFaults(ctx, { loseWebhooks: ctx.state.faults.loseWebhooks + count });
}

const ACTIONS: Record<string, (ctx: SandboxContext, form: URLSearchParams) => ControlResult> = {
  finish: (ctx, form) => createControlProduction(ctx, readFinishForm(form)),
  approve: (ctx, form) => approveControlProduction(ctx, form.get("uuid") ?? ""),
  "lose-webhooks": loseWebhooks,
  "clear-requests": (ctx) => clearControlRequests(ctx),
  revoke: (ctx, form) => revokeUserTokens(ctx, form.get("username") ?? ""),
  rerun: (ctx, form) => rerunControlProduction(ctx, form.get("uuid") ?? ""),
  deliver: (ctx, form) => deliverControlProduction(ctx, form.get("uuid") ?? ""),
  faults: (ctx, form) => updateFaults(ctx, readFaultsForm(form)),
  reset: (ctx) => resetSandbox(ctx),
};

/** GET /control, and the form posts to /control/actions/{name} that answer 303 back to it. */
export async function handleControlPage(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  if (url.pathname === "/control" || url.pathname === "/control/") {
    return sendHtml(res, 200, renderControlPage(ctx, url.searchParams.get("message")));
  }
  const action = ACTIONS[url.pathname.slice("/control/actions/".length)];
  if (!url.pathname.startsWith("/control/actions/") || !action || req.method !== "POST") {
    return sendHtml(res, 404, htmlPage("Not found", "<main><h1>Not found</h1></main>"));
  }
  const result = action(ctx, await readForm(req));
  const body = result.body as { error?: string };
  const message = result.status >= 400 ? `Error: ${body.error ?? "failed"}` : "Done.";
  redirect(res, 303, `/control?message=${encodeURIComponent(message)}`);
}
