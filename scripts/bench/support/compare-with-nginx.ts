import { fixed, megabytes, printTable, ratio, type Row } from "./report";
import { runWrk, type LoadResult } from "./run-wrk";
import type { Server } from "./start-servers";

export type LoadScenario = { name: string; headers: (server: "app" | "nginx") => Record<string, string> };

/**
 * Loads the app and nginx with the same wrk run per scenario (2 s warm-up, then `seconds`), prints the
 * figures and the app/nginx ratios, and returns the figures by scenario and server.
 */
export function compareWithNginx(
  scenarios: LoadScenario[],
  servers: { app: Server; nginx: Server },
  path: string,
  options: { connections: number; seconds: number },
): Record<string, Record<string, LoadResult>> {
  const rows: Row[] = [];
  const ratios: Row[] = [];
  const figures: Record<string, Record<string, LoadResult>> = {};
  for (const scenario of scenarios) {
    figures[scenario.name] = {};
    for (const name of ["app", "nginx"] as const) {
      const load = { connections: options.connections, headers: scenario.headers(name) };
      runWrk(`${servers[name].url}${path}`, { ...load, seconds: 2 });
      const result = runWrk(`${servers[name].url}${path}`, { ...load, seconds: options.seconds });
      figures[scenario.name]![name] = result;
      rows.push({
        scenario: scenario.name,
        server: name,
        "req/s": fixed(result.requestsPerSec),
        "MB/s": megabytes(result.bytesPerSec),
        "p50 ms": fixed(result.p50Ms, 2),
        "p99 ms": fixed(result.p99Ms, 2),
        errors: result.errors,
      });
    }
    const [appResult, nginxResult] = [figures[scenario.name]!.app!, figures[scenario.name]!.nginx!];
    ratios.push({
      scenario: scenario.name,
      "app/nginx req/s": ratio(appResult.requestsPerSec, nginxResult.requestsPerSec),
      "app/nginx p99": ratio(appResult.p99Ms, nginxResult.p99Ms),
    });
  }
  printTable("Throughput and latency", rows);
  printTable("Ratios (req/s below 1× and p99 above 1× mean the app is slower)", ratios);
  return figures;
}
