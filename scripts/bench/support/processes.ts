// Every server a bench starts goes through here, so that all of them stop when the bench ends, however it
// ends (normal exit, exception, Ctrl-C). Each runs in its own process group, stopped by its id.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { LOG_DIR } from "./bench-paths";

const running = new Set<ChildProcess>();

export type Started = { child: ChildProcess; pid: number; logFile: string; stop: () => Promise<void> };

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const log = openSync(logFile, "w");
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`Could not start ${command}`);
  running.add(child);
  child.on("exit", () => running.delete(child));
  return { child, pid: child.pid, logFile, stop: () => stopProcess(child) };
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

process.on("exit", () => {
  for (const child of running) signalGroup(child, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => process.exit(130));

/** Polls until the URL answers at all (any status), or fails with the server's log file named. */
export async function waitForHttp(url: string, started: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`${url}: the server exited (${started.child.exitCode}); see ${started.logFile}`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s; see ${started.logFile}`);
}
