// The process tree of `npm start`, with a stand-in for server.ts (lib/testing/serve-database-health.ts) and an
// embedded Postgres of its own: who stops whom, and in which order.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive, survivorsAfter } from "../lib/testing/process-checks";

const ROOT = path.resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(path.join(tmpdir(), "podhaven-processes-"));
const POSTGRES_DIR = path.join(scratch, "postgres");
const NODE = process.execPath;
const WITH_DATABASE = [NODE, "--import", "tsx", "scripts/with-database.ts", "--", NODE, "--import", "tsx", "lib/testing/serve-database-health.ts"];
const pidsToClean = new Set<number>();

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(argv: string[], port: number): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_POSTGRES_DIR: POSTGRES_DIR, PORT: String(port), FINISH_MS: "1500" };
  delete env.DATABASE_URL; // the embedded Postgres is what is tested
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    detached: true, // a process group of its own, as a terminal gives `npm start`
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  pidsToClean.add(child.pid!);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port: number, run: Run, timeoutMs = 90_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(200)) {
    if (run.child.exitCode !== null) break;
    const response = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
    if (response?.status === 200) return;
  }
  throw new Error(`port ${port} did not answer 200:\n${run.output()}`);
}

async function exitedWithin(run: Run, ms: number): Promise<number | null> {
  const code = await Promise.race([run.exited, sleep(ms).then(() => "running" as const)]);
  if (code === "running") throw new Error(`still running after ${ms} ms:\n${run.output()}`);
  return code;
}

function postmasterPid(): number {
  const pid = Number(readFileSync(path.join(POSTGRES_DIR, "postmaster.pid"), "utf8").split("\n")[0]);
  pidsToClean.add(pid);
  return pid;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

afterAll(async () => {
  // Whatever a failed test left running.
  for (const pid of pidsToClean) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

describe("scripts/with-database.ts", () => {
  it("Ctrl-C reaches the command and not Postgres: the command finishes with the database, then Postgres stops; three times in a row", async () => {
    const port = await freePort();
    for (let round = 1; round <= 3; round++) {
      const run = start(WITH_DATABASE, port);
      await waitForHealth(port, run);
      const postgres = postmasterPid();
      process.kill(-run.child.pid!, "SIGINT"); // what a terminal does on Ctrl-C: the whole group
      expect(await exitedWithin(run, 30_000), run.output()).toBe(0);
      expect(run.output()).toContain("finished with the database");
      expect(isAlive(postgres), `round ${round}: Postgres still running after with-database ended`).toBe(false);
    }
  }, 180_000);

  it("a second with-database beside a running one uses its Postgres and leaves it running when it ends", async () => {
    const [firstPort, secondPort] = [await freePort(), await freePort()];
    const first = start(WITH_DATABASE, firstPort);
    await waitForHealth(firstPort, first);
    const postgres = postmasterPid();
    const second = start(WITH_DATABASE, secondPort);
    await waitForHealth(secondPort, second);
    expect(second.output()).toContain("Embedded Postgres already running");
    process.kill(-second.child.pid!, "SIGTERM");
    expect(await exitedWithin(second, 30_000), second.output()).toBe(0);
    expect(isAlive(postgres)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${firstPort}/`)).status).toBe(200);
    process.kill(first.child.pid!, "SIGTERM");
    expect(await exitedWithin(first, 30_000), first.output()).toBe(0);
    expect(isAlive(postgres)).toBe(false);
  }, 120_000);

  it("SIGTERM to a parent that does not pass it on (a `sh -c`, as npm runs scripts): the command and Postgres stop within 30 s", async () => {
    const port = await freePort();
    // `; exit $?` keeps the shell as a process of its own (a lone command would be exec'd).
    const shell = start(["sh", "-c", `${WITH_DATABASE.join(" ")}; exit $?`], port);
    await waitForHealth(port, shell);
    const postgres = postmasterPid();
    const [, standIn, withDatabase] = shell.output().match(/stand-in (\d+) listening \(parent (\d+)\)/)!.map(Number);
    pidsToClean.add(standIn!).add(withDatabase!);
    expect(withDatabase).not.toBe(shell.child.pid);
    process.kill(shell.child.pid!, "SIGTERM"); // the shell alone: it dies and passes nothing on
    await exitedWithin(shell, 5_000);
    expect(await survivorsAfter([withDatabase!, standIn!, postgres], 30_000), shell.output()).toEqual([]);
    expect(shell.output()).toContain("finished with the database");
  }, 120_000);
});
