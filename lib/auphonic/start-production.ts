import "server-only";
import { AppError } from "@/lib/errors";
import { isAuphonicId } from "./auphonic-id";
import { requestAuphonic } from "./request-auphonic";

/** `POST /api/production/{uuid}/start.json`: starts processing (Auphonic answers 400 while it has no audio). */
export async function startProduction(token: string, productionUuid: string): Promise<void> {
  if (!isAuphonicId(productionUuid)) throw new AppError("BAD_REQUEST", "This is not an Auphonic production.");
  await requestAuphonic(`api/production/${productionUuid}/start.json`, { token, method: "POST" });
}
