// WEB_PROCESSES > 1 (server.ts): this process only starts that many web processes, which share the port (the kernel
// spreads the connections among those that accept), and passes SIGTERM and SIGINT on. Only the first one runs the
// import worker. A web process whose heartbeat (lib/processes/send-heartbeats.ts) stays away for `watchdogMs` has
// a blocked event loop and serves nothing: it is killed with SIGKILL (a blocked loop runs no signal handler) and
// started again, while the others go on serving. Any other exit of one takes the others down, for whatever
// supervises `npm start` to restart the whole. Resolves with the exit code once all have ended.
import cluster, { type Worker } from "node:cluster";
import { HEARTBEAT_MESSAGE } from "./send-heartbeats";

type Slot = { index: number; lastHeartbeat: number | null; isBeingReplaced: boolean };

export function superviseWebProcesses({ count, watchdogMs }: { count: number; watchdogMs: number }): Promise<number> {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const slots = new Map<Worker, Slot>();
  let isStoppingAll = false;
  let exitCode = 0;
  let resolveDone: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  function start(index: number): Worker {
    const worker = cluster.fork(index === 0 ? {} : { IMPORT_WORKER: "off" });
    const slot: Slot = { index, lastHeartbeat: null, isBeingReplaced: false };
    slots.set(worker, slot);
    // Watched from when it listens: preparing Next (compiling, in development) may hold its loop for longer.
    worker.once("listening", () => (slot.lastHeartbeat = Date.now()));
    worker.on("message", (message) => {
      if (message === HEARTBEAT_MESSAGE && slot.lastHeartbeat !== null) slot.lastHeartbeat = Date.now();
    });
    worker.once("exit", (code, signal) => {
      slots.delete(worker);
      if (slot.isBeingReplaced && !isStoppingAll) {
        const replacement = start(slot.index);
        console.error(`Web process ${replacement.process.pid} started in place of ${worker.process.pid}.`);
        return;
      }
      if (code || (signal && !isStoppingAll)) {
        exitCode = code || 1;
        stopAll("SIGTERM");
      }
      if (slots.size === 0) {
        clearInterval(watchdog);
        resolveDone(exitCode);
      }
    });
    return worker;
  }

  function stopAll(signal: NodeJS.Signals) {
    isStoppingAll = true;
    for (const worker of slots.keys()) worker.process.kill(signal);
  }

  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const [worker, slot] of slots) {
      if (slot.isBeingReplaced || slot.lastHeartbeat === null || now - slot.lastHeartbeat <= watchdogMs) continue;
      slot.isBeingReplaced = true;
      const silentFor = ((now - slot.lastHeartbeat) / 1000).toFixed(1);
      console.error(
        `Web process ${worker.process.pid}: no heartbeat for ${silentFor} s (WEB_PROCESS_WATCHDOG_MS=${watchdogMs}), its event loop is blocked; killing it${isStoppingAll ? "" : " and starting another"}.`,
      );
      worker.process.kill("SIGKILL");
    }
  }, Math.min(1_000, watchdogMs / 4));

  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stopAll(signal));
  for (let index = 0; index < count; index++) start(index);
  return done;
}
