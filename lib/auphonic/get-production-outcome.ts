import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { requestAuphonic } from "./request-auphonic";

export type ProductionOutcome = { errorMessage: string; inReview: boolean; title: string | null };

/** `GET /api/production/{uuid}.json`, read for how a finished production ended: Auphonic's reason, in review, title. */
export async function getProductionOutcome(token: string, productionUuid: string): Promise<ProductionOutcome> {
  if (!isAuphonicId(productionUuid)) throw new AppError("BAD_REQUEST", "This is not an Auphonic production.");
  const data = await requestAuphonic(`api/production/${productionUuid}.json`, { token });
  const record = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const metadata = typeof record.metadata === "object" && record.metadata !== null ? (record.metadata as Record<string, unknown>) : {};
  return {
    errorMessage: typeof record.error_message === "string" ? record.error_message.slice(0, 2000) : "",
    inReview: record.in_review === true,
    title: typeof metadata.title === "string" && metadata.title.trim() !== "" ? metadata.title.slice(0, 300) : null,
  };
}
