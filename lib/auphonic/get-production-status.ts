import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { requestAuphonic } from "./request-auphonic";

export type ProductionStatus = { status: number; statusString: string };

/** A production's statuses before it was ever started: Incomplete (9, no input yet) and Not Started Yet (10). */
export const NOT_STARTED_STATUSES: readonly number[] = [9, 10];

/**
 * `GET /api/production/{uuid}/status.json`: only the status code and its name (docs/auphonic-api.md §7). Auphonic
 * asks for few of these: callers cache the answer.
 */
export async function getProductionStatus(token: string, productionUuid: string): Promise<ProductionStatus> {
  if (!isAuphonicId(productionUuid)) throw new AppError("BAD_REQUEST", "This is not an Auphonic production.");
  const data = await requestAuphonic(`api/production/${productionUuid}/status.json`, { token });
  const record = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const status = typeof record.status === "string" && /^\d{1,3}$/.test(record.status) ? Number(record.status) : record.status;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 0 || status > 999) {
    throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic sent a production status that cannot be read.");
  }
  const statusString = typeof record.status_string === "string" ? record.status_string.slice(0, 100) : "";
  return { status, statusString };
}
