import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startProcess, waitForHttp, type Started } from "./processes";

export type Server = Started & { url: string };

/**
 * The app as `npm start` runs it (server.ts: Next.js plus the direct path for public media) on <port>, with
 * the `.next-bench` build and the bench's environment. `nextStart` runs plain `next start` instead (every
 * request through Next, media through the route handler), to show what server.ts's direct path is worth.
 */
export async function startApp(name: string, port: number, env: NodeJS.ProcessEnv, options: { nextStart?: boolean } = {}): Promise<Server> {
  const args = options.nextStart
    ? ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"]
    : ["node_modules/tsx/dist/cli.mjs", "server.ts"];
  const started = startProcess(`${name}-app`, process.execPath, args, { ...env, NODE_ENV: "production", PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, started);
  return { ...started, url };
}

/** The Auphonic sandbox (sandbox/server.ts) on <port>, every URL it hands out on 127.0.0.1. */
export async function startSandbox(name: string, port: number, env: Record<string, string> = {}): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const started = startProcess(`${name}-sandbox`, process.execPath, ["node_modules/tsx/dist/cli.mjs", "sandbox/server.ts"], {
    ...process.env,
    SANDBOX_PORT: String(port),
    SANDBOX_PUBLIC_URL: url,
    ...env,
  });
  await waitForHttp(`${url}/health`, started);
  return { ...started, url };
}

/**
 * Debian's nginx serving `root` on 127.0.0.1:<port>: static files with sendfile and ETags (gzip for RSS, when
 * asked), config and temp files in a temp folder, no access log, keep-alive as long as the load generator wants.
 */
export async function startNginx(name: string, port: number, root: string, workers = "auto"): Promise<Server> {
  const dir = mkdtempSync(path.join(tmpdir(), "podhaven-nginx-"));
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, sub));
  const config = `
daemon off;
master_process on;
worker_processes ${workers};
${process.getuid?.() === 0 ? "user root;" : ""}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  etag on;
  gzip on;
  gzip_types application/rss+xml;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { audio/mpeg mp3; application/rss+xml xml; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`;
  writeFileSync(path.join(dir, "nginx.conf"), config);
  const started = startProcess(`${name}-nginx`, "nginx", ["-p", dir, "-e", path.join(dir, "error.log"), "-c", path.join(dir, "nginx.conf")], process.env);
  started.child.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, started);
  return { ...started, url };
}

/** The bare Node server (support/bare-static-server.ts) answering from memory: `file` at *.mp3, `feed` elsewhere. */
export async function startBareStatic(name: string, port: number, files: { file: string; feed?: string }): Promise<Server> {
  const started = startProcess(`${name}-bare`, process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/bench/support/bare-static-server.ts"], {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    FILE: files.file,
    FEED: files.feed ?? "",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/x.mp3`, started);
  return { ...started, url };
}
