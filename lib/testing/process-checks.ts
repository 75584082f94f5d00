// Whether processes are still there, for the tests that stop and start the app and its database.
import { setTimeout as sleep } from "node:timers/promises";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids still alive after waiting up to `ms` for all of them to end (empty: all ended in time). */
export async function survivorsAfter(pids: number[], ms: number): Promise<number[]> {
  for (const started = Date.now(); Date.now() - started < ms; await sleep(100)) if (!pids.some(isAlive)) return [];
  return pids.filter(isAlive);
}
