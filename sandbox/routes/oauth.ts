import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../context.js";
import { escapeHtml, htmlPage, mediaType, readForm, redirect, sendHtml, sendJson } from "../http.js";
import { createRandomString } from "../ids.js";
import { createAccessToken, findUserByName } from "../state.js";

const TOKEN_LIFETIME_SEC = 315_360_000;

type AuthorizeParams = { clientId: string; redirectUri: string; responseType: string; state: string | null };

function readAuthorizeParams(params: URLSearchParams): AuthorizeParams {
  return {
    clientId: params.get("client_id") ?? "",
    redirectUri: params.get("redirect_uri") ?? "",
    responseType: params.get("response_type") ?? "",
    state: params.get("state"),
  };
}

/** Problems are shown to the person, never redirected: the redirect_uri is not trusted yet. */
function findAuthorizeProblem(ctx: SandboxContext, params: AuthorizeParams): string | undefined {
  if (params.clientId === "") return "Missing client_id parameter.";
  if (params.clientId !== ctx.config.clientId) return `Invalid client_id parameter value: "${params.clientId}".`;
  if (params.redirectUri === "") return "Missing redirect_uri parameter.";
  if (!ctx.config.redirectUris.includes(params.redirectUri)) {
    return `Mismatching redirect URI: "${params.redirectUri}" is not registered for this application.`;
  }
  if (params.responseType !== "code") {
    return `Unsupported response_type "${params.responseType}": only "code" is supported.`;
  }
  return undefined;
}

function sendAuthorizeError(res: ServerResponse, problem: string): void {
  sendHtml(
    res,
    400,
    htmlPage(
      "Authorization error",
      `<main><h1>Authorization error</h1><p class="error" role="alert">${escapeHtml(problem)}</p></main>`,
    ),
  );
}

function renderAuthorizePage(ctx: SandboxContext, params: AuthorizeParams): string {
  const hidden = [
    ["client_id", params.clientId],
    ["redirect_uri", params.redirectUri],
    ["response_type", params.responseType],
    ...(params.state === null ? [] : [["state", params.state]]),
  ]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const users = ctx.state.users
    .map(
      (user) => `<li>
<button type="submit" name="username" value="${escapeHtml(user.username)}">Authorize as ${escapeHtml(user.username)}</button>
<span>${escapeHtml(user.email)}, ${user.credits} credits</span>
</li>`,
    )
    .join("\n");
  return htmlPage(
    "Authorize Podhaven",
    `<main>
<h1>Authorize Podhaven</h1>
<p>Podhaven wants to access your Auphonic account: read your productions and register itself as an external service.</p>
<p>This is the local Auphonic sandbox. Choose the account to sign in as.</p>
<form method="post" action="/oauth2/authorize/">
${hidden}
<ul>
${users}
</ul>
<button type="submit" name="decision" value="deny">Deny access</button>
</form>
</main>`,
  );
}

function buildRedirect(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

export async function handleAuthorize(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  if (req.method === "GET" || req.method === "HEAD") {
    const params = readAuthorizeParams(url.searchParams);
    const problem = findAuthorizeProblem(ctx, params);
    if (problem) return sendAuthorizeError(res, problem);
    return sendHtml(res, 200, renderAuthorizePage(ctx, params));
  }
  if (req.method !== "POST") return sendAuthorizeError(res, `Method ${req.method} not allowed.`);

  const form = await readForm(req);
  const params = readAuthorizeParams(form);
  const problem = findAuthorizeProblem(ctx, params);
  if (problem) return sendAuthorizeError(res, problem);

  if (form.get("decision") === "deny") {
    return redirect(res, 302, buildRedirect(params.redirectUri, { error: "access_denied", state: params.state }));
  }
  const user = findUserByName(ctx.state, form.get("username") ?? "");
  if (!user) return sendAuthorizeError(res, "Choose an account to authorize.");

  const code = createRandomString(30);
  ctx.state.codes.set(code, {
    code,
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    userId: user.user_id,
    expiresAt: ctx.now() + ctx.config.authorizationCodeTtlMs,
    used: false,
  });
  return redirect(res, 302, buildRedirect(params.redirectUri, { code, state: params.state }));
}

function sendOAuthError(res: ServerResponse, status: 400 | 401, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description }, { Pragma: "no-cache" });
}

function readClientCredentials(req: IncomingMessage, form: URLSearchParams) {
  const header = req.headers.authorization ?? "";
  const match = /^basic\s+(\S.*)$/i.exec(header.trim());
  if (match) {
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return { clientId: "", clientSecret: "" };
    // RFC 6749 2.3.1: both parts are form-urlencoded before Base64.
    const decode = (value: string) => {
      try {
        return decodeURIComponent(value.replaceAll("+", " "));
      } catch {
        return value;
      }
    };
    return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
  }
  return { clientId: form.get("client_id") ?? "", clientSecret: form.get("client_secret") ?? "" };
}

export async function handleToken(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") return sendOAuthError(res, 400, "invalid_request", "Use POST.");
  if (mediaType(req) !== "application/x-www-form-urlencoded") {
    return sendOAuthError(
      res,
      400,
      "invalid_request",
      "The request body must be application/x-www-form-urlencoded.",
    );
  }
  const form = await readForm(req);
  const { clientId, clientSecret } = readClientCredentials(req, form);
  if (clientId !== ctx.config.clientId || clientSecret !== ctx.config.clientSecret) {
    return sendOAuthError(res, 401, "invalid_client", "Client authentication failed.");
  }
  const grantType = form.get("grant_type");
  if (!grantType) return sendOAuthError(res, 400, "invalid_request", "Missing grant_type parameter.");
  if (grantType !== "authorization_code") {
    return sendOAuthError(res, 400, "unsupported_grant_type", `Unsupported grant_type "${grantType}".`);
  }
  const codeValue = form.get("code");
  if (!codeValue) return sendOAuthError(res, 400, "invalid_request", "Missing code parameter.");

  const code = ctx.state.codes.get(codeValue);
  if (!code || code.used || code.clientId !== clientId || ctx.now() > code.expiresAt) {
    return sendOAuthError(res, 400, "invalid_grant", "Invalid, expired or already used authorization code.");
  }
  if ((form.get("redirect_uri") ?? "") !== code.redirectUri) {
    return sendOAuthError(res, 400, "invalid_grant", "Mismatching redirect URI.");
  }
  code.used = true;

  const user = ctx.state.users.find((u) => u.user_id === code.userId);
  if (!user) return sendOAuthError(res, 400, "invalid_grant", "The user no longer exists.");
  const token = createRandomString(40);
  createAccessToken(ctx.state, user.user_id, ctx.now(), token);
  sendJson(
    res,
    200,
    {
      access_token: token,
      token_type: "bearer",
      expires_in: TOKEN_LIFETIME_SEC,
      user_name: user.username,
      scope: "",
    },
    { Pragma: "no-cache" },
  );
}
