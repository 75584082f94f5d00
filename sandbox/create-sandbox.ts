import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_CONFIG, type SandboxConfig } from "./config.js";
import type { SandboxContext } from "./context.js";
import { htmlPage, redirect, sendHtml, sendText } from "./http.js";
import { handleApi } from "./routes/api.js";
import { handleControlApi } from "./routes/control-api.js";
import { handleControlPage } from "./routes/control-page.js";
import { handleAuthorize, handleToken } from "./routes/oauth.js";
import { handleStorage } from "./routes/storage.js";
import { createState, type SandboxState } from "./state.js";
import { isForeignHostRequest } from "./storage-url.js";
import { createUploadDirectory } from "./upload-directory.js";

export type Sandbox = {
  server: Server;
  state: SandboxState;
  context: SandboxContext;
  /** Resolves with the base URL; port 0 picks a free port. */
  listen: (port?: number) => Promise<string>;
  close: () => Promise<void>;
  url: () => string;
};

async function route(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox.invalid");
  const path = url.pathname;
  if (path === "/oauth2/authorize/" || path === "/oauth2/authorize") return handleAuthorize(ctx, req, res, url);
  if (path === "/oauth2/token/" || path === "/oauth2/token") return handleToken(ctx, req, res);
  if (path.startsWith("/api/")) return handleApi(ctx, req, res, url);
  if (path.startsWith("/storage/")) return handleStorage(ctx, req, res, url);
  if (path.startsWith("/control/api/")) return handleControlApi(ctx, req, res, url);
  if (path === "/control" || path.startsWith("/control/")) return handleControlPage(ctx, req, res, url);
  if (path === "/") return redirect(res, 302, "/control");
  if (path === "/health") return sendText(res, 200, "text/plain; charset=utf-8", "ok");
  sendHtml(res, 404, htmlPage("Not found", "<main><h1>Not found</h1></main>"));
}

export function createSandbox(overrides: Partial<SandboxConfig> = {}): Sandbox {
  const config: SandboxConfig = { ...DEFAULT_CONFIG, ...overrides };
  const state = createState();
  let listeningPort = config.port;

  const ctx: SandboxContext = {
    config,
    state,
    storageSecret: randomBytes(32),
    now: config.now,
    port: () => listeningPort,
    publicUrl: () => config.publicUrl ?? `http://localhost:${listeningPort}`,
    deliveries: new Set(),
    stalledDownloads: new Set(),
    processing: new Set(),
    uploads: createUploadDirectory(),
    log: (message) => {
      if (config.log) console.log(`[sandbox] ${message}`);
    },
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    res.on("finish", () => ctx.log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    if (isForeignHostRequest(req)) {
      state.foreignHost.requests += 1;
      if (req.headers.authorization !== undefined) state.foreignHost.withAuthorization += 1;
    }
    route(ctx, req, res).catch((error: unknown) => {
      console.error("[sandbox] unexpected error", error);
      if (!res.headersSent) sendHtml(res, 500, htmlPage("Error", "<main><h1>Internal error</h1></main>"));
      else res.destroy();
    });
  });

  return {
    server,
    state,
    context: ctx,
    url: () => ctx.publicUrl(),
    listen: (port = config.port) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, () => {
          server.off("error", reject);
          listeningPort = (server.address() as AddressInfo).port;
          resolve(ctx.publicUrl());
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        for (const delivery of ctx.deliveries) delivery.cancel();
        ctx.deliveries.clear();
        for (const response of ctx.stalledDownloads) response.destroy();
        ctx.stalledDownloads.clear();
        for (const run of ctx.processing) run.cancel();
        ctx.processing.clear();
        server.closeAllConnections();
        server.close((error) => {
          void ctx.uploads.discard().then(() => (error ? reject(error) : resolve()));
        });
      }),
  };
}
