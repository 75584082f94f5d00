// `npm run bench:import`: imports of a production whose MP3 is 100 MB and 500 MB (sizes: --sizes 100,500),
// downloaded from the sandbox (SANDBOX_MP3_FIXTURE) by the app's import code in a process of its own,
// against curl fetching the same signed URL; and that process's peak memory, which must not grow with the file.
import "./support/allow-server-only";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { prepareBenchEnvironment } from "./support/bench-environment";
import { readBenchOptions } from "./support/bench-options";
import { BENCH_DIR } from "./support/bench-paths";
import { findFreePort } from "./support/free-port";
import { makeMp3 } from "./support/make-mp3";
import { fixed, megabytes, printTable, ratio, saveResults, type Row } from "./support/report";
import { startSandbox } from "./support/start-servers";

const options = readBenchOptions({ seconds: 0, connections: 1 });
const sizesMb = (options.sizes ?? "100,500").split(",").map(Number);
const rows: Row[] = [];
const figures: unknown[] = [];

for (const sizeMb of sizesMb) {
  const audio = makeMp3(path.join(BENCH_DIR, "files", `import-${sizeMb}mb.mp3`), sizeMb * 1024 * 1024);
  const sandboxPort = await findFreePort(4300);
  const sandbox = await startSandbox(`import-${sizeMb}mb`, sandboxPort, { SANDBOX_MP3_FIXTURE: audio.file });
  // No app server here (the import runs in import-child.ts); the port only shapes APP_URL.
  const bench = await prepareBenchEnvironment("import", 3399, {
    AUPHONIC_BASE_URL: sandbox.url,
    MEDIA_MAX_FILE_BYTES: String(4 * 1024 ** 3),
    IMPORT_RETRY_BASE_MS: "0",
  });
  const control = async (pathname: string, body: unknown) => {
    const response = await fetch(`${sandbox.url}/control/api${pathname}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`sandbox ${pathname}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { access_token: token } = (await control("/users/alice/tokens", {})) as { access_token: string };
  // The production is published to the bench's connection ("Bench", as support/seed.ts names it): the import
  // imports only what Auphonic published to the connection.
  const connect = await fetch(`${sandbox.url}/api/service/connect.json`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ display_name: "Bench", webhook_url: "https://podhaven.test/bench", custom_data: "{}" }),
  });
  if (!connect.ok) throw new Error(`sandbox connect.json: ${connect.status} ${await connect.text()}`);
  const production = (await control("/productions", { username: "alice", display_name: "Bench", deliver: false })) as {
    uuid: string;
    output_files: { ending: string; size: number; download_url: string }[];
  };
  const mp3 = production.output_files.find((file) => file.ending === "mp3")!;
  if (mp3.size !== audio.size) throw new Error(`The sandbox serves ${mp3.size} bytes, not the ${audio.size} of ${audio.file}`);

  const curl = fetchWithCurl(mp3.download_url, token, path.join(bench.mediaDir, "curl.mp3"));
  const app = await importInChildProcess(bench.env, token, production.uuid);
  if (app.jobState !== "completed" || app.enclosureBytes !== audio.size) {
    throw new Error(`The import did not finish: job ${app.jobState} (${app.lastError}), enclosure ${app.enclosureBytes} bytes`);
  }
  const appMbps = audio.size / 1e6 / (app.ms / 1000);
  rows.push({
    "MP3 MB": megabytes(audio.size),
    "app s": fixed(app.ms / 1000, 2),
    "app MB/s": fixed(appMbps),
    "curl s": fixed(curl.seconds, 2),
    "curl MB/s": fixed(curl.mbps),
    "app/curl": ratio(appMbps, curl.mbps),
    "RSS before MB": fixed(app.rssBeforeKb / 1024),
    "peak RSS MB": fixed(app.peakKb / 1024),
    "peak sampled MB": fixed(app.sampledPeakKb / 1024),
  });
  figures.push({ fileBytes: audio.size, app, curl });
  await sandbox.stop();
  await bench.stop();
}

console.log("\nImport: the production's files (MP3 of the given size, plus an M4A, transcripts and images of the fixture) into media storage");
printTable("Throughput and memory of the importing process", rows);
console.log("  app s: the whole import job (production.json, every file, MD5 checks, database); curl: the MP3 alone, to a file.");
console.log("  peak RSS: VmHWM of the import process, reset just before the import; sampled: max VmRSS read from /proc every 20 ms.");
saveResults("import", figures);

function fetchWithCurl(downloadUrl: string, token: string, target: string) {
  // The API answers with a redirect to signed storage, which refuses the token: curl takes the second hop bare.
  const first = spawnSync("curl", ["-sS", "-o", "/dev/null", "-w", "%{redirect_url}", "-H", `Authorization: Bearer ${token}`, downloadUrl], { encoding: "utf8" });
  const storageUrl = first.stdout.trim();
  if (!storageUrl) throw new Error(`No redirect from ${downloadUrl}: ${first.stderr}`);
  const result = spawnSync("curl", ["-sS", "-o", target, "-w", "%{size_download} %{time_total}", storageUrl], { encoding: "utf8" });
  const [bytes, seconds] = result.stdout.trim().split(" ").map(Number);
  rmSync(target, { force: true });
  if (result.status !== 0 || !bytes || !seconds) throw new Error(`curl failed: ${result.stderr}`);
  return { bytes, seconds, mbps: bytes / 1e6 / seconds };
}

type ChildReport = { ms: number; jobState: string; lastError: string | null; enclosureBytes: number; rssBeforeKb: number; peakKb: number; rssAfterKb: number };

async function importInChildProcess(env: NodeJS.ProcessEnv, token: string, uuid: string): Promise<ChildReport & { sampledPeakKb: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/import-child.ts", token, uuid], { env, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  let isImporting = false;
  let sampledPeakKb = 0;
  const sampler = setInterval(() => {
    if (!isImporting) return;
    try {
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0);
      sampledPeakKb = Math.max(sampledPeakKb, rss);
    } catch {
      /* exited */
    }
  }, 20);
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("IMPORT_START")) isImporting = true;
    if (output.includes("IMPORT_END")) isImporting = false;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  const line = output.split("\n").find((row) => row.startsWith("IMPORT_JSON "));
  if (code !== 0 || !line) throw new Error(`The import process failed (${code}):\n${output}`);
  return { ...(JSON.parse(line.slice("IMPORT_JSON ".length)) as ChildReport), sampledPeakKb };
}
