import { spawnSync } from "node:child_process";
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

type WrkOptions = { connections: number; seconds: number; headers?: Record<string, string>; threads?: number; timeoutSec?: number };

const REPORT_SCRIPT = fileURLToPath(new URL("./wrk-report.lua", import.meta.url));

/** One wrk run (keep-alive connections, as many requests as they manage in the time). */
export function runWrk(url: string, options: WrkOptions): LoadResult {
  const args = [
    `-t${options.threads ?? Math.min(2, options.connections)}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    `--timeout`,
    `${options.timeoutSec ?? 30}s`,
    "-s",
    REPORT_SCRIPT,
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
