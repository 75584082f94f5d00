import { fixed, megabytes, printTable, ratio, type Row } from "./report";
import { runWrk, type LoadResult } from "./run-wrk";
import type { Server } from "./start-servers";

/** The reference every other server is compared with. */
export const REFERENCE = "nginx";
export type LoadScenario = { name: string; path?: string; headers: (server: string) => Record<string, string>; isNewClientEachRequest?: boolean };

/**
 * Loads each server with the same wrk run per scenario (2 s warm-up, then `seconds`), one server after the other,
 * prints the figures and each server's ratio to nginx, and returns the figures by scenario and server.
 * `servers` must include nginx; a scenario's `path` overrides the shared one.
 */
export function compareWithNginx(
  scenarios: LoadScenario[],
  servers: Record<string, Server>,
  path: string,
  options: { connections: number; seconds: number },
): Record<string, Record<string, LoadResult>> {
  const rows: Row[] = [];
  const ratios: Row[] = [];
  const figures: Record<string, Record<string, LoadResult>> = {};
  for (const scenario of scenarios) {
    const results: Record<string, LoadResult> = {};
    figures[scenario.name] = results;
    for (const [name, server] of Object.entries(servers)) {
      const load = { connections: options.connections, headers: scenario.headers(name), isNewClientEachRequest: scenario.isNewClientEachRequest };
      const url = `${server.url}${scenario.path ?? path}`;
      runWrk(url, { ...load, seconds: 2 });
      const result = runWrk(url, { ...load, seconds: options.seconds });
      results[name] = result;
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
    const reference = results[REFERENCE]!;
    for (const [name, result] of Object.entries(results)) {
      if (name === REFERENCE) continue;
      ratios.push({ scenario: scenario.name, server: name, "req/s vs nginx": ratio(result.requestsPerSec, reference.requestsPerSec), "p99 vs nginx": ratio(result.p99Ms, reference.p99Ms) });
    }
  }
  printTable("Throughput and latency", rows);
  printTable("Ratios to nginx (req/s below 1× and p99 above 1× mean slower than nginx)", ratios);
  return figures;
}
