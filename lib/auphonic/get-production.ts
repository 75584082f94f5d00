import "server-only";
import { AppError } from "@/lib/errors";
import { productionSchema, type AuphonicProduction } from "./production";
import { requestAuphonic } from "./request-auphonic";

/** `GET /api/production/{uuid}.json` as the user: FORBIDDEN/NOT_FOUND when it is not theirs. */
export async function getProduction(token: string, uuid: string): Promise<AuphonicProduction> {
  const data = await requestAuphonic(`api/production/${encodeURIComponent(uuid)}.json`, { token });
  const parsed = productionSchema.safeParse(data);
  if (!parsed.success || parsed.data.uuid !== uuid) {
    throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic sent a production record that cannot be read.");
  }
  return parsed.data;
}
