import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { e2eEnv } from "../../playwright.config";

// The suite's job runner is a process of its own (`npm run worker`, as in production with IMPORT_WORKER=off on the
// web process): the setup starts it, the teardown stops it, and a spec may restart it, which is what a restart of
// the app means for work queued in Postgres (imports, scheduled releases). It attaches to the e2e database the web
// server started. Its pid (the process group leader: it is started detached) is kept in a file, and a pid is only
// signalled when that process is still this worker.
const DIR = "data/e2e";
const PID_FILE = `${DIR}/worker.pid`;
const LOG_FILE = `${DIR}/worker.log`;
const COMMAND = ["tsx", "scripts/with-database.ts", "--", "node", "--conditions=react-server", "--import", "tsx", "scripts/run-import-worker.ts"];

function runningWorkerPid(): number | null {
  if (!existsSync(PID_FILE)) return null;
  const pid = Number(readFileSync(PID_FILE, "utf8"));
  if (!Number.isInteger(pid) || pid <= 1) return null;
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return commandLine.includes("scripts/with-database.ts") ? pid : null;
  } catch {
    return null; // gone (or no /proc here: then nothing is signalled)
  }
}

/** Starts the worker and waits until it reports ready. */
export async function startWorker(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const log = openSync(LOG_FILE, "a");
  const readyBefore = readyLines();
  const child = spawn("npx", COMMAND, { env: { ...process.env, ...e2eEnv }, detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  for (let waited = 0; waited < 60_000; waited += 250) {
    if (readyLines() > readyBefore) return;
    if (child.exitCode !== null) break;
    await sleep(250);
  }
  throw new Error(`The worker did not start; see ${LOG_FILE}.`);
}

/** Stops the worker: SIGTERM lets it finish or give back its job, SIGKILL is a crash. Waits until it is gone. */
export async function stopWorker(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> {
  const pid = runningWorkerPid();
  if (pid !== null) {
    process.kill(-pid, signal);
    for (let waited = 0; waited < 30_000 && runningWorkerPid() === pid; waited += 100) await sleep(100);
  }
  rmSync(PID_FILE, { force: true });
}

function readyLines(): number {
  if (!existsSync(LOG_FILE)) return 0;
  return (readFileSync(LOG_FILE, "utf8").match(/Import worker \d+ ready/g) ?? []).length;
}
