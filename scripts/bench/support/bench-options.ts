import { parseArgs } from "node:util";
import { ensureBenchBuild } from "./ensure-build";

/**
 * Flags every bench understands: --seconds per load test, --connections, --rebuild (force `next build`),
 * --reuse-build (skip the staleness check and run whatever `.next-bench` holds), --next-start (run the app
 * with plain `next start` instead of server.ts), --nginx-workers, --web-processes (the app's), --sizes (import bench).
 */
export function readBenchOptions(defaults: { seconds: number; connections: number }) {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string" },
      connections: { type: "string" },
      rebuild: { type: "boolean", default: false },
      "reuse-build": { type: "boolean", default: false },
      "nginx-workers": { type: "string", default: "auto" },
      sizes: { type: "string" },
      "next-start": { type: "boolean", default: false },
      // How many web processes the app runs (WEB_PROCESSES); nginx runs --nginx-workers.
      "web-processes": { type: "string", default: "1" },
    },
    strict: true,
  });
  return {
    seconds: Number(values.seconds ?? defaults.seconds),
    connections: Number(values.connections ?? defaults.connections),
    nginxWorkers: values["nginx-workers"],
    sizes: values.sizes,
    isNextStart: values["next-start"],
    webProcesses: values["web-processes"],
    build: () => ensureBenchBuild({ rebuild: values.rebuild, reuse: values["reuse-build"] }),
  };
}
