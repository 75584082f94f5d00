import vm from "node:vm";

/**
 * Runs `work` and fails it once it has run `ms` milliseconds: V8 stops even a regular expression mid-backtrack, so
 * a super-linear regression fails the test at the deadline instead of holding the run for minutes.
 */
export function finishWithin<T>(ms: number, work: () => T): T {
  return vm.runInNewContext("work()", { work }, { timeout: ms }) as T;
}
