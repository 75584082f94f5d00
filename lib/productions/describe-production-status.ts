import "server-only";
import { PRODUCTION_STATUS } from "@/lib/auphonic/production";

export type ProductionStatus = { kind: "done" | "failed" | "in-review" | "not-started" | "processing"; text: string };

// Auphonic's codes for a production nobody has started (docs/auphonic-api.md §7): 9 Incomplete, 10 Not Started.
const NOT_STARTED = new Set([9, 10]);

/** How /auphonic names a production's state, from what reconciliation stored of Auphonic's answer. */
export function describeProductionStatus(production: { status: number | null; statusString: string; errorMessage: string; inReview: boolean }): ProductionStatus {
  const statusString = production.statusString.trim();
  if (production.status === PRODUCTION_STATUS.ERROR) {
    return { kind: "failed", text: `Failed: ${production.errorMessage.trim() || "Auphonic gave no reason."}` };
  }
  if (production.inReview) return { kind: "in-review", text: "Waiting for your review in Auphonic" };
  if (production.status === PRODUCTION_STATUS.DONE) return { kind: "done", text: statusString || "Done" };
  if (production.status !== null && NOT_STARTED.has(production.status)) {
    return { kind: "not-started", text: `Not started in Auphonic${statusString ? ` (${statusString})` : ""}` };
  }
  return { kind: "processing", text: `Processing…${statusString ? ` (${statusString})` : ""}` };
}
