import { describe, expect, it } from "vitest";
import { MAX_RECONCILE_BACKOFF_MS, nextReconcileDelay } from "./next-reconcile-delay";

const INTERVAL = 15 * 60_000;

describe("nextReconcileDelay", () => {
  it("waits the interval ±20% after a success", () => {
    expect(nextReconcileDelay({ intervalMs: INTERVAL, failures: 0, random: () => 0 })).toBe(0.8 * INTERVAL);
    expect(nextReconcileDelay({ intervalMs: INTERVAL, failures: 0, random: () => 0.5 })).toBe(INTERVAL);
    expect(nextReconcileDelay({ intervalMs: INTERVAL, failures: 0, random: () => 0.999999 })).toBeLessThanOrEqual(1.2 * INTERVAL);
  });

  it("doubles per error in a row, up to the cap", () => {
    const at = (failures: number) => nextReconcileDelay({ intervalMs: INTERVAL, failures, random: () => 0.5 });
    expect(at(1)).toBe(2 * INTERVAL);
    expect(at(2)).toBe(4 * INTERVAL);
    expect(at(5)).toBe(MAX_RECONCILE_BACKOFF_MS);
    expect(at(1_000)).toBe(MAX_RECONCILE_BACKOFF_MS);
  });

  it("never waits less than the interval, nor less than Retry-After", () => {
    expect(nextReconcileDelay({ intervalMs: 10 * 3600_000, failures: 3, random: () => 0.5 })).toBe(10 * 3600_000);
    expect(nextReconcileDelay({ intervalMs: INTERVAL, failures: 1, retryAfterMs: 12 * 3600_000, random: () => 1 })).toBe(12 * 3600_000);
    expect(nextReconcileDelay({ intervalMs: INTERVAL, failures: 1, retryAfterMs: 1_000, random: () => 0.5 })).toBe(2 * INTERVAL);
  });
});
