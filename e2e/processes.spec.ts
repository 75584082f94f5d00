import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "@playwright/test";
import { SANDBOX_URL } from "./helpers/sandbox";
import { isAlive, survivorsAfter } from "../lib/testing/process-checks";

// `npm start` itself, as a terminal, Docker or systemd runs it: npm, scripts/with-database.ts, server.ts on the
// suite's production build and the embedded Postgres, on a port and a database folder of their own.
const PORT = 3230;
const APP_URL = `http://localhost:${PORT}`;
const DIR = "data/e2e/processes";
const POSTGRES_DIR = `${DIR}/postgres`;

type Run = { pid: number; child: ChildProcess; output: () => string; exited: Promise<number | null> };
const runs: Run[] = [];

function npmStart(extraEnv: Record<string, string> = {}): Run {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_URL,
    AUPHONIC_BASE_URL: SANDBOX_URL,
    EMBEDDED_POSTGRES_DIR: POSTGRES_DIR,
    MEDIA_DIR: `${DIR}/media`,
    STORAGE_DRIVER: "local",
    ALLOW_LOCAL_FETCH: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  };
  delete env.DATABASE_URL; // the embedded Postgres is what is tried here
  delete env.PORT;
  // A process group of its own, as a terminal gives it: a group signal is Ctrl-C.
  const child = spawn("npm", ["start"], { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const run = { pid: child.pid!, child, output: () => output, exited };
  runs.push(run);
  return run;
}

/** The status of GET /api/health on a connection of its own (a kept-alive one could be the blocked process's). */
function healthStatus(timeoutMs = 5_000): Promise<number | null> {
  return new Promise((resolve) => {
    const request = get(`http://127.0.0.1:${PORT}/api/health`, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(null));
  });
}

async function waitForHealth(run: Run) {
  for (const started = Date.now(); Date.now() - started < 120_000; await sleep(250)) {
    if (run.child.exitCode !== null) break;
    if ((await healthStatus()) === 200) return;
  }
  throw new Error(`npm start did not answer /api/health with 200:\n${run.output()}`);
}

async function exitedWithin(run: Run, ms: number): Promise<number | null> {
  const code = await Promise.race([run.exited, sleep(ms).then(() => "running" as const)]);
  if (code === "running") throw new Error(`npm start still running ${ms} ms after it was told to stop:\n${run.output()}`);
  return code;
}

function postmasterPid(): number | null {
  const file = `${POSTGRES_DIR}/postmaster.pid`;
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : null;
}

/** Every process of the group `npm start` leads: server.ts, tsx, with-database and whatever they started there. */
function processGroup(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so fields count from its ")".
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function stopLeftovers() {
  for (const run of runs.splice(0)) {
    for (const pid of processGroup(run.pid)) process.kill(pid, "SIGKILL");
  }
  const postgres = postmasterPid();
  if (postgres && isAlive(postgres)) {
    process.kill(postgres, "SIGINT");
    await survivorsAfter([postgres], 30_000);
  }
}

// Processes and their database, not media: the S3 pass (which runs every other spec again) leaves these out.
test.skip(process.env.STORAGE_DRIVER === "s3", "runs in the local pass (npm test); it does not touch media storage");
test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  await stopLeftovers(); // a server an earlier, killed run left behind
  rmSync(DIR, { recursive: true, force: true });
});
test.afterEach(stopLeftovers);

test("npm start stopped through its process group and started again at once, three times in a row, comes up each time", async () => {
  test.setTimeout(300_000);
  // `kill -TERM -<pgid>` (a supervisor stopping the group), then a terminal's Ctrl-C, then the first again.
  for (const [round, signal] of (["SIGTERM", "SIGINT", "SIGTERM"] as const).entries()) {
    const run = npmStart();
    await waitForHealth(run);
    const postgres = postmasterPid()!;
    process.kill(-run.pid, signal);
    await exitedWithin(run, 30_000);
    // npm returns once the app and then its Postgres have stopped, so the next start finds nothing shutting down.
    expect(isAlive(postgres), `round ${round + 1} (${signal}): Postgres still running when npm returned\n${run.output()}`).toBe(false);
    expect(await survivorsAfter(processGroup(run.pid), 5_000), run.output()).toEqual([]); // tsx's esbuild follows its parent
    expect(run.output()).not.toMatch(/ECONNREFUSED|EADDRINUSE|uncaught/i);
  }
});

test("SIGTERM to the npm process alone (Docker, systemd) stops the app and its Postgres within 30 s", async () => {
  test.setTimeout(180_000);
  const run = npmStart();
  await waitForHealth(run);
  const everything = [...processGroup(run.pid), postmasterPid()!];
  const signalled = Date.now();
  process.kill(run.pid, "SIGTERM");
  expect(await survivorsAfter(everything, 30_000), run.output()).toEqual([]);
  expect(Date.now() - signalled).toBeLessThan(30_000);
  expect(await healthStatus()).toBeNull();
  expect(run.output()).toContain("SIGTERM, finishing open requests");
});

test("a start whose port is taken exits non-zero at once and stops the Postgres it started", async () => {
  test.setTimeout(180_000);
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(PORT, "127.0.0.1", resolve));
  try {
    const run = npmStart();
    // Preparing the database and Next takes seconds; serving nothing while staying alive would never end.
    expect(await exitedWithin(run, 90_000)).not.toBe(0);
    expect(run.output()).toMatch(/cannot listen on 127\.0\.0\.1:3230: .*EADDRINUSE/);
    const postgres = postmasterPid();
    expect(postgres === null || !isAlive(postgres), run.output()).toBe(true);
  } finally {
    holder.close();
  }
});

test("with WEB_PROCESSES=2, a web process whose event loop stays blocked is replaced while the other keeps serving", async () => {
  test.setTimeout(240_000);
  // TEST_BLOCK_ON_SIGUSR2: SIGUSR2 blocks the event loop for good (refused unless APP_URL is loopback).
  const run = npmStart({ WEB_PROCESSES: "2", WEB_PROCESS_WATCHDOG_MS: "5000", TEST_BLOCK_ON_SIGUSR2: "1" });
  const listening = () => [...run.output().matchAll(/listening on .*, pid (\d+)\)/g)].map((match) => Number(match[1]));
  await expect.poll(() => listening().length, { timeout: 120_000 }).toBe(2);
  const [blocked, other] = listening() as [number, number];
  expect(run.output(), "a web process was replaced while starting").not.toContain("no heartbeat");

  process.kill(blocked, "SIGUSR2");
  // Asked only once it is blocked: a request it accepted just before would wait with it.
  await expect.poll(() => run.output()).toContain(`Podhaven ${blocked}: SIGUSR2`);
  const statuses: (number | null)[] = [];
  const since = Date.now();
  while (listening().length < 3 && Date.now() - since < 60_000) {
    statuses.push(await healthStatus());
    await sleep(200);
  }
  expect(listening(), run.output()).toHaveLength(3);
  expect(isAlive(blocked)).toBe(false);
  expect(isAlive(other)).toBe(true);
  expect(run.output()).toMatch(new RegExp(`Web process ${blocked}: no heartbeat for [\\d.]+ s .* killing it and starting another`));
  expect(run.output()).toContain(`started in place of ${blocked}`);
  // Every health check in the meantime, each on a connection of its own, was answered by the other process.
  expect(statuses.length).toBeGreaterThan(5);
  expect(statuses.filter((status) => status !== 200), `${statuses.join(" ")}\n${run.output()}`).toEqual([]);
  expect(await healthStatus()).toBe(200);

  const everything = [...processGroup(run.pid), postmasterPid()!];
  process.kill(run.pid, "SIGTERM");
  expect(await survivorsAfter(everything, 30_000), run.output()).toEqual([]);
});
