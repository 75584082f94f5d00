import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type LoadResult = {
  requests: number;
  seconds: number;
  requestsPerSec: number;
  bytesPerSec: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors, timeouts and answers with status >= 400. */
  errors: number;
};

type WrkOptions = {
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  threads?: number;
  timeoutSec?: number;
  /** Each request with a new random X-Forwarded-For address (wrk-new-client-each-request.lua). */
  isNewClientEachRequest?: boolean;
};

const REPORT_SCRIPT = fileURLToPath(new URL("./wrk-report.lua", import.meta.url));
const NEW_CLIENT_SCRIPT = fileURLToPath(new URL("./wrk-new-client-each-request.lua", import.meta.url));

/** wrk takes one script: the new-client one with the report appended. */
function newClientScript(): string {
  const file = path.join(tmpdir(), "podhaven-wrk-new-client.lua");
  writeFileSync(file, `${readFileSync(NEW_CLIENT_SCRIPT, "utf8")}\n${readFileSync(REPORT_SCRIPT, "utf8")}`);
  return file;
}

/** One wrk run (keep-alive connections, as many requests as they manage in the time). */
export function runWrk(url: string, options: WrkOptions): LoadResult {
  const args = [
    `-t${options.threads ?? Math.min(2, options.connections)}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    `--timeout`,
    `${options.timeoutSec ?? 30}s`,
    "-s",
    options.isNewClientEachRequest ? newClientScript() : REPORT_SCRIPT,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
  const result = spawnSync("wrk", [...args, url], { encoding: "utf8" });
  const line = result.stdout.split("\n").find((row) => row.startsWith("WRK_JSON "));
  if (result.status !== 0 || !line) throw new Error(`wrk failed for ${url}:\n${result.stdout}${result.stderr}`);
  const raw = JSON.parse(line.slice("WRK_JSON ".length)) as Record<string, number>;
  const seconds = raw.durationUs! / 1e6;
  return {
    requests: raw.requests!,
    seconds,
    requestsPerSec: raw.requests! / seconds,
    bytesPerSec: raw.bytes! / seconds,
    meanMs: raw.meanUs! / 1000,
    p50Ms: raw.p50Us! / 1000,
    p99Ms: raw.p99Us! / 1000,
    maxMs: raw.maxUs! / 1000,
    errors: raw.connectErrors! + raw.readErrors! + raw.writeErrors! + raw.statusErrors! + raw.timeouts!,
  };
}
