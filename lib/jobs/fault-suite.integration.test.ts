// The fault suite: 50 productions, delivered one to three times each (some concurrently, some again after they
// were imported) over real HTTP to two web processes (server.ts on a production build), imported by three worker
// processes (scripts/run-import-worker.ts) on one Postgres, while workers are SIGKILLed at random points and
// restarted, one web process is SIGKILLed and restarted, and the sandbox fails API calls, answers slowly,
// truncates, corrupts and stalls downloads, expires signed links and redirects storage to a foreign host.
// Outcomes are checked, never timings: the random choices come from one seed (printed; FAULT_SUITE_SEED=<n>
// replays the same plan, though not the processes' interleaving).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { controlSandbox, md5OfFile } from "@/lib/testing/import-harness";
import { listImportJobs } from "@/lib/testing/import-jobs";
import { CLIENT_SECRET, signIn, startTestSandbox } from "@/sandbox/test/helpers";

const PRODUCTIONS = 50;
const KILL_ROUNDS = 10;
const LATE_PRODUCTIONS = 6;
const WEB_PROCESSES = 2;
const WORKERS = 3;
const LEASE_MS = 2_000; // a killed worker's job goes back to the queue soon
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const seed = Number(process.env.FAULT_SUITE_SEED ?? randomInt(2 ** 31));
console.log(`fault suite seed ${seed} (replay with FAULT_SUITE_SEED=${seed})`);
const random = createRandom(seed);

const databaseUrl = await createTestDatabase();
const mediaDir = mkdtempSync(path.join(tmpdir(), "podhaven-media-"));
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, {
  AUPHONIC_BASE_URL: base,
  APP_URL: "http://localhost:3999",
  MEDIA_DIR: mediaDir,
  // Checks files on disk: it runs on the local driver whatever the suite runs on.
  STORAGE_DRIVER: "local",
  IMPORT_WORKER: "off",
  // Kills count as attempts too: enough that every fault recovers, no backoff so the suite keeps going.
  IMPORT_MAX_ATTEMPTS: "30",
  IMPORT_RETRY_BASE_MS: "0",
  IMPORT_LEASE_MS: String(LEASE_MS),
});
const processEnv = { ...process.env, DATABASE_URL: databaseUrl, WORKER_POLL_MS: "20", WORKER_STOP_GRACE_MS: "0", DATABASE_POOL_SIZE: "4" };

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { resolveMediaRequest } = await import("@/lib/media/resolve-media-request");

type OutputFile = { filename: string; format: string; size: number; checksum: string };
type Production = { uuid: string; status_string: string; output_files: OutputFile[] };
type Faults = Record<string, number | boolean>;
type SandboxState = { faults: Faults; stalledDownloads: number; foreignHost: { requests: number; withAuthorization: number } };
type Kind = "normal" | "error" | "foreign";

// ---------------------------------------------------------------------------------------------------------
// Plumbing: seeded randomness, the sandbox's control API, processes, webhook deliveries over HTTP.

/** mulberry32: small, seedable, good enough to pick kill points and fault mixes. */
function createRandom(initial: number) {
  let state = initial >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: T[]) => items[Math.floor(next() * items.length)]!,
    shuffle: <T>(items: T[]) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
}

const control = <T>(pathname: string, body?: unknown) => controlSandbox<T>(base, pathname, body);

type Proc = { name: string; child: ChildProcess; ready: Promise<void>; exited: Promise<void>; isKilled: boolean };
const processLog: string[] = [];
const crashes: string[] = [];

function startProcess(name: string, args: string[], env: Record<string, string | undefined>, readyLine: RegExp): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...processEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const started: Proc = { name, child, isKilled: false, ready: Promise.resolve(), exited: Promise.resolve() };
  const remember = (chunk: Buffer) => {
    processLog.push(...chunk.toString("utf8").split("\n").filter(Boolean).map((line) => `[${name} ${child.pid}] ${line}`));
    processLog.splice(0, Math.max(0, processLog.length - 400));
  };
  child.stderr!.on("data", remember);
  started.ready = new Promise((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      remember(chunk);
      if (readyLine.test(chunk.toString("utf8"))) resolve();
    });
  });
  started.exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      if (!started.isKilled) crashes.push(`${name} ${child.pid} exited by itself (code ${code}, signal ${signal})`);
      resolve();
    });
  });
  return started;
}

/** SIGTERM, as a deployment stops a process: resolves with the exit code once it has stopped by itself. */
async function terminate(proc: Proc): Promise<number | null> {
  proc.isKilled = true;
  const code = new Promise<number | null>((resolve) => proc.child.once("exit", (exitCode) => resolve(exitCode)));
  proc.child.kill("SIGTERM");
  return code;
}

async function kill(proc: Proc | null | undefined) {
  if (!proc) return;
  proc.isKilled = true;
  proc.child.kill("SIGKILL");
  await proc.exited;
}

// Three workers, each restarted after its kill.
const workers: (Proc | null)[] = Array<Proc | null>(WORKERS).fill(null);
async function startWorker(index: number) {
  workers[index] = startProcess(`worker${index + 1}`, ["--conditions=react-server", "--import", "tsx", "scripts/run-import-worker.ts"], { IMPORT_WORKER: "on" }, /ready/);
  await workers[index]!.ready;
}
async function killWorker(index: number) {
  await kill(workers[index]);
  workers[index] = null;
}
const startAllWorkers = () => Promise.all(workers.map((worker, index) => (worker ? undefined : startWorker(index))));
const killAllWorkers = () => Promise.all(workers.map((_, index) => killWorker(index)));

// Two web processes: server.ts on the production build, no worker inside.
const webPorts = Array.from({ length: WEB_PROCESSES }, (_, index) => 3991 + index);
const webs: (Proc | null)[] = Array<Proc | null>(WEB_PROCESSES).fill(null);
async function startWeb(index: number) {
  webs[index] = startProcess(`web${index + 1}`, ["--import", "tsx", "server.ts"], { PORT: String(webPorts[index]), IMPORT_WORKER: "off" }, /listening on/);
  await webs[index]!.ready;
}

const deliveryLog = { sent: 0, retried: 0, refusedConnections: 0, toWeb: [0, 0], serverErrors: [] as string[] };

let nextWeb = 0;

/** One webhook delivery as Auphonic makes it, to the web processes in turn; what is not a 200 is sent again. */
async function deliver(webhookSecret: string, uuid: string) {
  const jwt = await new SignJWT({ uuid }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(CLIENT_SECRET));
  let index = nextWeb++ % WEB_PROCESSES;
  for (let attempt = 1; ; attempt++) {
    const answer = await fetch(`http://localhost:${webPorts[index]}/api/auphonic/webhook/${webhookSecret}`, {
      method: "POST",
      headers: { "Content-Type": "application/jwt" },
      body: jwt,
    }).catch(() => null);
    if (answer?.status === 200) {
      deliveryLog.sent++;
      deliveryLog.toWeb[index]!++;
      return;
    }
    if (answer === null) deliveryLog.refusedConnections++; // that web process is down: Auphonic retries, we try the other
    else if (answer.status >= 500) deliveryLog.serverErrors.push(`${uuid}: ${answer.status} ${await answer.text()}`);
    else throw new Error(`webhook answered ${answer.status}: ${await answer.text()}`);
    if (attempt >= 50) throw new Error(`delivery of ${uuid} never accepted`);
    deliveryLog.retried++;
    index = (index + 1) % WEB_PROCESSES;
    await sleep(50);
  }
}

/** Delivers in the given order, several at a time, so duplicates of one production often arrive together. */
async function deliverAll(webhookSecret: string, uuids: string[], concurrency = 6) {
  const queue = [...uuids];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let uuid = queue.shift(); uuid !== undefined; uuid = queue.shift()) await deliver(webhookSecret, uuid);
    }),
  );
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  // Only a safety net against a hang: nothing here depends on how long anything takes.
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (crashes.length > 0) throw new Error(`${crashes.join("; ")} while waiting until ${what} (seed ${seed})\n${processLog.slice(-60).join("\n")}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what} (seed ${seed})\n${processLog.slice(-60).join("\n")}`);
    await sleep(25);
  }
}

const isQueueIdle = async () => (await listImportJobs(db, { live: true })).length === 0;
const hasActiveJob = async () => (await listImportJobs(db, { live: true })).some((job) => job.state === "active");

// ---------------------------------------------------------------------------------------------------------
// The observer: what a listener could be served at any moment must be complete.

const productions = new Map<string, Production & { kind: Kind }>();
const violations: string[] = [];
const observed = { rounds: 0, filesChecked: 0, partialsOnDisk: 0 };
const checkedFiles = new Map<string, string>(); // key + inode + mtime → md5, so each stored file is hashed once

/** Every file under dir. Walked by hand: the worker removes version folders meanwhile, which is no error. */
function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

function partialFiles(): string[] {
  return filesUnder(mediaDir).filter((file) => file.endsWith(".partial"));
}

async function checkStoredFile(where: string, key: string, expected: { size: number; checksum?: string }) {
  const file = path.join(mediaDir, key);
  const info = await stat(file).catch(() => null);
  observed.filesChecked++;
  if (key.includes(".partial")) violations.push(`${where}: ${key} is a temporary file`);
  if (!info) return void violations.push(`${where}: ${key} is referenced but missing`);
  if (info.size !== expected.size) return void violations.push(`${where}: ${key} has ${info.size} bytes, expected ${expected.size}`);
  if (!expected.checksum) return;
  const identity = `${key}:${info.ino}:${info.mtimeMs}`;
  const md5 = checkedFiles.get(identity) ?? md5OfFile(file);
  checkedFiles.set(identity, md5);
  if (md5 !== expected.checksum) violations.push(`${where}: ${key} has md5 ${md5}, expected ${expected.checksum}`);
}

async function observe() {
  observed.rounds++;
  observed.partialsOnDisk += partialFiles().length;
  const rows = await db.mediaFile.findMany({ include: { episode: { select: { id: true, productionUuid: true } } } });
  const episodes = new Map<string, string>();
  for (const row of rows) {
    episodes.set(row.episode.id, row.episode.productionUuid!);
    const source = productions.get(row.episode.productionUuid!)?.output_files.find((file) => file.filename === row.filename);
    await checkStoredFile("MediaFile row", row.key, { size: source?.size ?? Number(row.size), checksum: source?.checksum });
    if (source && Number(row.size) !== source.size) violations.push(`MediaFile row: ${row.key} records ${row.size} bytes, Auphonic says ${source.size}`);
  }
  // What /media/episodes/<id>/audio (the webhook's result_file_url) serves, through the app's own resolver:
  // a few episodes per observation, in turn, so the observer does not crowd the worker out of the database.
  const all = [...episodes];
  const sample = all.length <= 4 ? all : Array.from({ length: 4 }, (_, i) => all[(observed.rounds * 4 + i) % all.length]!);
  for (const [episodeId, uuid] of sample) {
    const alias = await resolveMediaRequest(`episodes/${episodeId}/audio`);
    if (alias.kind !== "redirect") {
      violations.push(`episodes/${episodeId}/audio resolves to ${alias.kind}`);
      continue;
    }
    const key = decodeURIComponent(new URL(alias.location).pathname.slice("/media/".length));
    const target = await resolveMediaRequest(key);
    if (target.kind !== "file") {
      violations.push(`${key} resolves to ${target.kind}`);
      continue;
    }
    const mp3 = productions.get(uuid)!.output_files.find((file) => file.format === "mp3")!;
    await checkStoredFile("served enclosure", target.key, { size: mp3.size, checksum: mp3.checksum });
  }
}

let isObserving = true;
async function observeContinuously() {
  while (isObserving) {
    await observe().catch((error: unknown) => violations.push(`observer failed: ${error instanceof Error ? error.stack : String(error)}`));
    await sleep(40);
  }
}

// ---------------------------------------------------------------------------------------------------------

afterAll(async () => {
  isObserving = false;
  await killAllWorkers();
  await Promise.all(webs.map((web) => kill(web)));
  await sandbox.close();
  await db.$disconnect();
});

describe.sequential("fault suite", () => {
  it("imports 50 productions exactly once each through 2 web processes and 3 workers, faults and kills", { timeout: 300_000 }, async () => {
    // The web processes run the production build, made here into a folder of the suite's own.
    const build = spawnSync("npx", ["next", "build"], { cwd: ROOT, env: { ...processEnv, NEXT_DIST_DIR: ".next-faults" }, encoding: "utf8" });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    Object.assign(processEnv, { NEXT_DIST_DIR: ".next-faults" });
    expect(existsSync(path.join(ROOT, ".next-faults", "BUILD_ID"))).toBe(true);

    const alice = await saveAuphonicSignIn({ userId: "alice-id", username: "alice", email: null, credits: 1 }, await signIn(base, "alice"));
    await saveAuphonicSignIn({ userId: "bob-id", username: "bob", email: null, credits: 1 }, await signIn(base, "bob"));
    const show = await saveShow(
      alice.id,
      null,
      { title: "Faults", slug: "faults", description: "d", author: "a", ownerName: "o", ownerEmail: "o@example.com", language: "en", category: "History", explicit: false, type: "episodic" },
      null,
    );
    const connection = await createConnection(alice.id, show.id, { displayName: "Faults - Publish", customData: '{"publishState":"publish"}' });
    const send = (uuids: string[]) => deliverAll(connection.webhookSecret, uuids);

    // Two productions that failed in Auphonic and one of bob's, delivered to alice's connection: visible failures.
    const kinds: Kind[] = random.shuffle([...Array<Kind>(PRODUCTIONS - 3).fill("normal"), "error", "error", "foreign"]);
    const templates = ["interview", "solo", "minimal"] as const;
    const order: string[] = [];
    for (const kind of kinds) {
      const body =
        kind === "foreign"
          ? { username: "bob", deliver: false }
          : { username: "alice", display_name: connection.displayName, deliver: false, template: templates[random.int(0, 2)], status: kind === "error" ? "Error" : "Done" };
      const production = await control<Production>("/productions", body);
      productions.set(production.uuid, { ...production, kind });
      order.push(production.uuid);
    }
    const deliveries = (uuids: string[]) => random.shuffle(uuids.flatMap((uuid) => Array<string>(random.int(1, 3)).fill(uuid)));
    const early = deliveries(order.slice(0, PRODUCTIONS - LATE_PRODUCTIONS));
    const late = deliveries(order.slice(PRODUCTIONS - LATE_PRODUCTIONS));

    await Promise.all([...webs.map((_, index) => startWeb(index)), startAllWorkers()]);
    const observer = observeContinuously();
    const phases: string[] = [];
    let phaseStart = Date.now();
    const endPhase = (name: string) => {
      phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
      phaseStart = Date.now();
    };
    const kills = { stall: 0, delay: 0, running: 0, skipped: 0, web: 0 };
    let partialsLeftByKills = 0;

    /** SIGKILLs workers: all of them mid-download (a stalled transfer), or one at a random delay or mid-run. */
    async function killRound(mode: "stall" | "delay" | "running") {
      const partialsBefore = new Set(partialFiles());
      const newPartials = () => partialFiles().filter((file) => !partialsBefore.has(file));
      if (mode === "stall") {
        await control("/faults", { stallDownloads: 1 });
        await waitUntil("a download stalls halfway with its temporary file on disk, or the queue is empty", async () => {
          const state = await control<SandboxState>("/state");
          return (state.stalledDownloads > 0 && newPartials().length > 0) || (await isQueueIdle());
        });
      } else if (mode === "running") {
        await waitUntil("a worker runs an import, or the queue is empty", async () => (await hasActiveJob()) || (await isQueueIdle()));
        await sleep(random.int(0, 400));
      } else {
        await sleep(random.int(0, 2_000));
      }
      const wasIdle = await isQueueIdle();
      if (mode === "stall") await killAllWorkers();
      else await killWorker(random.int(0, WORKERS - 1));
      await control("/faults", { stallDownloads: 0 });
      if (wasIdle) kills.skipped++;
      else kills[mode]++;
      if (mode === "stall" && !wasIdle) partialsLeftByKills += newPartials().length;
      await observe(); // what a crash leaves behind is the state most likely to serve something half-written
      await startAllWorkers();
    }

    /** SIGKILLs a web process once a few of a batch's deliveries are in, and starts it again. */
    async function killWebDuring(deliveriesDone: Promise<void>) {
      const sentBefore = deliveryLog.sent;
      await waitUntil("a few deliveries of the batch are accepted", async () => deliveryLog.sent >= sentBefore + 3);
      const index = random.int(0, WEB_PROCESSES - 1);
      await kill(webs[index]);
      webs[index] = null;
      kills.web++;
      await sleep(random.int(100, 500));
      await startWeb(index);
      await deliveriesDone;
    }

    function randomFaults(): Faults {
      return {
        api500: random.int(0, 3),
        apiDelayMs: random.next() < 0.25 ? random.int(30, 120) : 0,
        truncateDownloads: random.int(0, 2),
        corruptDownloads: random.int(0, 2),
        expireSignedUrls: random.int(0, 2),
        // Always on: the foreign host refuses a request carrying Authorization, and the sandbox counts them.
        redirectForeignHost: true,
      };
    }

    // Phase 1: deliveries arrive in batches at both web processes while workers are killed over and over, and a
    // web process is killed mid-batch once.
    for (let round = 0; round < KILL_ROUNDS; round++) {
      // Round 1 always answers slowly, so slow answers certainly meet a kill.
      await control("/faults", round === 1 ? { ...randomFaults(), apiDelayMs: 150 } : randomFaults());
      const slice = early.slice(Math.floor((early.length * round) / KILL_ROUNDS), Math.floor((early.length * (round + 1)) / KILL_ROUNDS));
      // The web-kill round sends its batch twice over (Auphonic's retries), so deliveries are still coming.
      const batch = send(round === 4 ? [...slice, ...random.shuffle([...slice])] : slice);
      if (round === 4) await killWebDuring(batch);
      else await batch;
      await killRound(round % 3 === 0 ? "stall" : random.next() < 0.5 ? "delay" : "running");
    }
    endPhase("kill rounds");

    // Phase 2, unkilled: the last productions arrive, with some earlier ones again after their import, while
    // every kind of fault is armed; this many downloads are certain to use them all up.
    await control("/faults", { api500: 2, apiDelayMs: 20, truncateDownloads: 2, corruptDownloads: 2, expireSignedUrls: 2, redirectForeignHost: true });
    const imported = await db.episode.findMany({ where: { importState: "ready" }, select: { productionUuid: true } });
    await send(random.shuffle([...late, ...random.shuffle(imported.map((episode) => episode.productionUuid!)).slice(0, 8)]));
    await waitUntil("the queue is empty", isQueueIdle, 120_000);
    const spent = await control<SandboxState>("/state");
    expect(spent.faults, `seed ${seed}`).toMatchObject({ api500: 0, truncateDownloads: 0, corruptDownloads: 0, expireSignedUrls: 0 });
    endPhase("unkilled drain");

    // Phase 3: every production delivered again after completion, some twice at once, with workers killed meanwhile.
    await control("/faults", { ...randomFaults(), apiDelayMs: 0 });
    const again = random.shuffle(order.flatMap((uuid) => Array<string>(random.next() < 0.3 ? 2 : 1).fill(uuid)));
    for (let round = 0; round < 2; round++) {
      await send(again.slice(Math.floor((again.length * round) / 2), Math.floor((again.length * (round + 1)) / 2)));
      await killRound(random.next() < 0.5 ? "delay" : "running");
    }
    await waitUntil("the queue is empty", isQueueIdle, 120_000);
    endPhase("redeliveries");
    isObserving = false;
    await observer;
    await observe();

    const jobs = await listImportJobs(db);
    const maxAttempts = Math.max(...jobs.map((job) => job.retryCount + 1));
    const context = `seed ${seed}; kills ${JSON.stringify(kills)}\n${processLog.slice(-60).join("\n")}`;
    console.log(
      `fault suite: ${deliveryLog.sent} deliveries (${deliveryLog.retried} retried, ${deliveryLog.refusedConnections} refused connections, ` +
        `per web process ${deliveryLog.toWeb.join("/")}), kills ${JSON.stringify(kills)}, ${partialsLeftByKills} partial files left by kills, ` +
        `${observed.rounds} observations of ${observed.filesChecked} files (${observed.partialsOnDisk} partial files on disk meanwhile); ` +
        `${jobs.length} jobs, max attempts ${maxAttempts}; ${phases.join(", ")}`,
    );
    expect(crashes, context).toEqual([]);
    expect(violations, context).toEqual([]);
    // No genuine delivery was ever answered with a server error, and both web processes took deliveries.
    expect(deliveryLog.serverErrors, context).toEqual([]);
    for (const count of deliveryLog.toWeb) expect(count, context).toBeGreaterThan(0);
    expect(kills.web, context).toBe(1);
    expect(deliveryLog.refusedConnections, context).toBeGreaterThan(0); // deliveries met the killed web process
    // The kills did land mid-download, and the observer saw their leftovers without ever being served one.
    expect(kills.stall, context).toBeGreaterThan(0);
    expect(partialsLeftByKills, context).toBeGreaterThan(0);
    expect(observed.partialsOnDisk, context).toBeGreaterThan(0);

    // Storage sat on the foreign host throughout; it was reached, and never with the token.
    const { foreignHost } = await control<SandboxState>("/state");
    expect(foreignHost.requests, context).toBeGreaterThan(0);
    expect(foreignHost.withAuthorization, context).toBe(0);

    // Every production ends complete or as a visible failure with its reason, once; no job is left live.
    const episodes = await db.episode.findMany({ include: { files: true } });
    expect(jobs.filter((job) => ["created", "retry", "active"].includes(job.state)), context).toEqual([]);
    for (const [uuid, production] of productions) {
      const mine = episodes.filter((episode) => episode.productionUuid === uuid);
      const latestJob = jobs.filter((job) => job.data.productionUuid === uuid).at(-1);
      const label = `${production.kind} production ${uuid} (${context})`;
      if (production.kind === "foreign") {
        expect(mine, label).toEqual([]);
        const rejected = await db.delivery.findMany({ where: { productionUuid: uuid, accepted: false } });
        expect(rejected.length, label).toBeGreaterThan(0);
        for (const delivery of rejected) expect(delivery.reason, label).toMatch(/not for this user/);
        continue;
      }
      expect(mine, label).toHaveLength(1);
      const episode = mine[0]!;
      if (production.kind === "error") {
        expect(episode, label).toMatchObject({ importState: "failed", state: "draft", audioVersion: 0, files: [] });
        expect(episode.importError, label).toMatch(/production failed/);
        expect(latestJob, label).toMatchObject({ state: "failed", output: { reason: expect.stringMatching(/production failed/) } });
        continue;
      }
      expect(episode, label).toMatchObject({ importState: "ready", importError: null, state: "published", audioVersion: 1, importRerunRequested: false });
      expect(latestJob, label).toMatchObject({ state: "completed" });
      expect(episode.files.filter((file) => file.isEnclosure), label).toHaveLength(1);
      expect(new Set(episode.files.map((file) => file.filename)).size, label).toBe(episode.files.length);
      const outputs = new Set(production.output_files.map((file) => file.filename));
      expect(new Set(episode.files.filter((file) => file.kind === "audio" || file.kind === "transcript").map((file) => file.filename)), label).toEqual(outputs);
      for (const file of episode.files) expect(file.key, label).toMatch(new RegExp(`^episodes/${episode.id}/v1-[0-9a-f]{8}/`));
    }
    expect(episodes, context).toHaveLength(PRODUCTIONS - 1);

    // On disk: exactly the files the database references, each complete; nothing temporary, nothing stray.
    const referenced = episodes.flatMap((episode) => episode.files.map((file) => path.join(mediaDir, file.key))).sort();
    expect(filesUnder(mediaDir).sort(), context).toEqual(referenced);

  });

  it("GET /api/health names the parts and answers 503 while the database is unreachable", async () => {
    const web = webs[0]!;
    const healthOf = async () => {
      const answer = await fetch(`http://localhost:${webPorts[0]}/api/health`);
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    };
    expect(web.child.exitCode).toBeNull();
    expect(await healthOf()).toEqual({
      status: 200,
      body: { ok: true, stopping: false, parts: { database: "up", jobEngine: "up", mediaStorage: "up", importWorker: "off" }, unknownWebhookPaths: 0 },
    });
    const database = new URL(databaseUrl).pathname.slice(1);
    // From the server's maintenance database: refuse new connections to ours and end the open ones, which is
    // what an outage looks like to the app.
    const admin = new pg.Client({ connectionString: inject("testDatabaseServerUrl") });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    try {
      const down = await healthOf();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ok: false, parts: { database: "down" } });
    } finally {
      await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await waitUntil("the web process reconnects", async () => (await healthOf()).status === 200);
  });

  it("a change reaches every web process's memory within a second: feed, chapters and media follow the database", async () => {
    const episode = await db.episode.findFirstOrThrow({ where: { state: "published", importState: "ready" }, include: { show: true, files: true } });
    const enclosure = episode.files.find((file) => file.isEnclosure)!;
    const feedOf = (index: number) => fetch(`http://localhost:${webPorts[index]}/podcasts/${episode.show.slug}/feed.xml`).then(async (answer) => ({ etag: answer.headers.get("etag"), text: await answer.text() }));
    const mediaStatus = (index: number) => fetch(`http://localhost:${webPorts[index]}/media/${enclosure.key}`, { method: "HEAD" }).then((answer) => answer.status);
    // Both processes have the feed and the enclosure in memory.
    const [first, second] = await Promise.all([feedOf(0), feedOf(1)]);
    expect(first.etag).toBe(second.etag);
    expect(await mediaStatus(0)).toBe(200);
    expect(await mediaStatus(1)).toBe(200);

    // A change made elsewhere (here: a third process) reaches both through the database's announcement.
    const title = `Retitled ${Date.now()}`;
    const changedAt = Date.now();
    await db.episode.update({ where: { id: episode.id }, data: { title } });
    for (const index of [0, 1]) {
      await waitUntil(`web${index + 1} serves the edited feed`, async () => (await feedOf(index)).text.includes(`<title>${title}</title>`), 1_000);
    }
    expect(Date.now() - changedAt).toBeLessThan(1_000);

    await db.episode.update({ where: { id: episode.id }, data: { state: "draft" } });
    try {
      for (const index of [0, 1]) await waitUntil(`web${index + 1} stops serving the unpublished enclosure`, async () => (await mediaStatus(index)) === 404, 1_000);
    } finally {
      await db.episode.update({ where: { id: episode.id }, data: { state: "published" } });
    }
    for (const index of [0, 1]) await waitUntil(`web${index + 1} serves the enclosure again`, async () => (await mediaStatus(index)) === 200, 1_000);
  });

  it("SIGTERM: a web process refuses new connections, finishes the open request and exits 0", async () => {
    const [show] = await db.show.findMany({ take: 1, include: { connections: true } });
    const secret = show!.connections[0]!.webhookSecret;
    const production = await control<Production>("/productions", { username: "alice", display_name: "Faults - Publish", deliver: false });
    const jwt = await new SignJWT({ uuid: production.uuid }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(CLIENT_SECRET));
    // A delivery whose body is still on its way when the process is told to stop.
    let finishBody!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(jwt.slice(0, 20)));
        finishBody = () => {
          controller.enqueue(new TextEncoder().encode(jwt.slice(20)));
          controller.close();
        };
      },
    });
    const web = webs[1]!;
    const inFlight = fetch(`http://localhost:${webPorts[1]}/api/auphonic/webhook/${secret}`, {
      method: "POST",
      headers: { "Content-Type": "application/jwt" },
      body,
      duplex: "half",
    } as RequestInit);
    await sleep(200);
    const exited = terminate(web);
    await sleep(300);
    await expect(fetch(`http://localhost:${webPorts[1]}/api/health`)).rejects.toThrow(); // no longer listening
    finishBody();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await exited).toBe(0);
    webs[1] = null;
    expect(await db.episode.count({ where: { productionUuid: production.uuid } })).toBe(1);
  });

  it("SIGTERM: a worker gives its running import back at once (grace 0), and another worker finishes it", async () => {
    await killAllWorkers();
    const [show] = await db.show.findMany({ take: 1, include: { connections: true } });
    await control("/faults", { stallDownloads: 1, api500: 0, truncateDownloads: 0, corruptDownloads: 0, expireSignedUrls: 0, redirectForeignHost: false });
    const production = await control<Production>("/productions", { username: "alice", display_name: "Faults - Publish", deliver: false });
    await deliver(show!.connections[0]!.webhookSecret, production.uuid);
    await startWorker(0);
    await waitUntil("the download stalls", async () => (await control<SandboxState>("/state")).stalledDownloads > 0);
    const [running] = await listImportJobs(db, { live: true });
    expect(running).toMatchObject({ state: "active" });
    expect(await terminate(workers[0]!)).toBe(0);
    workers[0] = null;
    const [released] = await listImportJobs(db, { live: true, key: { connectionId: show!.connections[0]!.id, productionUuid: production.uuid } });
    // Back in the queue, due now, without using up an attempt.
    expect(released).toMatchObject({ id: running!.id, state: "retry", retryCount: running!.retryCount });
    await startWorker(1);
    await waitUntil("the released import completes", isQueueIdle);
    expect(await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } })).toMatchObject({ importState: "ready", audioVersion: 1 });
    await killAllWorkers();
  });

  it("SIGTERM: a worker with time to spare finishes its running import, then exits 0", async () => {
    const [show] = await db.show.findMany({ take: 1, include: { connections: true } });
    await control("/faults", { apiDelayMs: 800 });
    const production = await control<Production>("/productions", { username: "alice", display_name: "Faults - Publish", deliver: false });
    await deliver(show!.connections[0]!.webhookSecret, production.uuid);
    workers[2] = startProcess("worker3", ["--conditions=react-server", "--import", "tsx", "scripts/run-import-worker.ts"], { IMPORT_WORKER: "on", WORKER_STOP_GRACE_MS: "60000" }, /ready/);
    await workers[2].ready;
    // Importing (not just fetched: a worker told to stop between fetch and run gives the job straight back).
    await waitUntil("the worker runs the import", async () => (await db.episode.findFirst({ where: { productionUuid: production.uuid } }))?.importState === "importing");
    expect(await terminate(workers[2])).toBe(0);
    workers[2] = null;
    await control("/faults", { apiDelayMs: 0 });
    expect(await isQueueIdle()).toBe(true);
    expect(await db.episode.findFirstOrThrow({ where: { productionUuid: production.uuid } })).toMatchObject({ importState: "ready", audioVersion: 1 });
  });

  it("production mode refuses to start with the sandbox's public secret and the real Auphonic", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: ROOT,
      env: { ...processEnv, PORT: "3995", AUPHONIC_BASE_URL: "https://auphonic.com", AUPHONIC_CLIENT_SECRET: CLIENT_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toMatch(/AUPHONIC_CLIENT_SECRET: the sandbox's public secret cannot be used with AUPHONIC_BASE_URL=https:\/\/auphonic\.com/);
    expect(output).not.toMatch(/listening on/);
  });

});
