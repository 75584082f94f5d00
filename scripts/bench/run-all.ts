// `npm run bench`: builds `.next-bench` once, then runs every bench in turn, each in its own process with
// its own servers, and lists how each ended. `--rebuild` forces the build; `--only media,feed` picks benches.
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { ensureBenchBuild } from "./support/ensure-build";
import { printTable, type Row } from "./support/report";

const BENCHES = ["media", "feed", "webhook", "import", "pages"];
const { values } = parseArgs({
  options: { rebuild: { type: "boolean", default: false }, "reuse-build": { type: "boolean", default: false }, only: { type: "string" } },
});
const selected = values.only ? values.only.split(",") : BENCHES;
const unknown = selected.filter((name) => !BENCHES.includes(name));
if (unknown.length > 0) throw new Error(`Unknown bench ${unknown.join(", ")}; there are ${BENCHES.join(", ")}`);

ensureBenchBuild({ rebuild: values.rebuild, reuse: values["reuse-build"] });
const summary: Row[] = [];
for (const name of selected) {
  console.log(`\n=== bench:${name} ===`);
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", `scripts/bench/${name}.ts`, "--reuse-build"], { stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  summary.push({ bench: name, result: code === 0 ? "ok" : `failed (exit ${code})`, seconds: Math.round((Date.now() - started) / 1000) });
}
printTable("Benches (figures in data/bench/results/*.json)", summary);
if (summary.some((row) => row.result !== "ok")) process.exitCode = 1;
