// Tests only: a small HTTP proxy in front of the sandbox, for answers the sandbox does not give (a 429 with
// Retry-After, a 500 that is not JSON, a timeout after the work was done, hostile bodies). Every request is
// forwarded as it came (method, path and query, body, the headers Auphonic reads) unless `intercept` answers it
// itself; `rewrite` may change a forwarded answer on its way back. Set AUPHONIC_BASE_URL to `base` to use it.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxiedRequest = { method: string; url: URL; body: Buffer };
export type ProxyAnswer = { status: number; headers?: Record<string, string>; body: string };

export type ForwardingProxy = {
  base: string;
  /** An answer of its own instead of the upstream's, or undefined to forward; a promise may hold the request back (a slow server). */
  intercept: ((request: ProxiedRequest) => ProxyAnswer | undefined | Promise<ProxyAnswer | undefined>) | null;
  /** Changes the upstream's answer (status, Content-Type, text) before it goes back. */
  rewrite: ((request: ProxiedRequest, upstream: ProxyAnswer) => ProxyAnswer) | null;
  close: () => Promise<void>;
};

const FORWARDED_HEADERS = ["authorization", "content-type", "accept"];

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the proxy on a free port of 127.0.0.1 in front of `upstreamBase`. */
export async function startForwardingProxy(upstreamBase: string): Promise<ForwardingProxy> {
  const proxy: ForwardingProxy = { base: "", intercept: null, rewrite: null, close: async () => {} };
  const server = createServer((request, response) => {
    void (async () => {
      const proxied: ProxiedRequest = { method: request.method ?? "GET", url: new URL(request.url ?? "/", upstreamBase), body: await readBody(request) };
      let answer = await proxy.intercept?.(proxied);
      // The client gave up while the request was held back (its deadline): nothing more to send it.
      if (response.destroyed) return;
      if (!answer) {
        const headers: Record<string, string> = {};
        for (const name of FORWARDED_HEADERS) {
          const value = request.headers[name];
          if (typeof value === "string") headers[name] = value;
        }
        const hasBody = proxied.body.length > 0;
        const upstream = await fetch(proxied.url, { method: proxied.method, headers, body: hasBody ? new Uint8Array(proxied.body) : undefined, redirect: "manual" });
        const forwarded = { status: upstream.status, headers: { "Content-Type": upstream.headers.get("content-type") ?? "application/json" }, body: await upstream.text() };
        answer = proxy.rewrite ? proxy.rewrite(proxied, forwarded) : forwarded;
      }
      response.writeHead(answer.status, answer.headers ?? { "Content-Type": "application/json" });
      response.end(answer.body);
    })().catch((error: unknown) => {
      response.writeHead(502);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return proxy;
}
