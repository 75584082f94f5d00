import "server-only";
import { publicFetch } from "@/lib/http/public-fetch";
import { AppError } from "@/lib/errors";
import { productionSchema, type AuphonicProduction } from "./production";
import { requestAuphonic } from "./request-auphonic";

/** `GET /api/production/{uuid}.json` as the user: FORBIDDEN/NOT_FOUND when it is not theirs. */
export async function getProduction(token: string, uuid: string): Promise<AuphonicProduction> {
  // Through the import's guarded fetch: Auphonic's address too must be a public one (or ALLOW_LOCAL_FETCH).
  const data = await requestAuphonic(`api/production/${encodeURIComponent(uuid)}.json`, { token, fetchImpl: publicFetchAsFetch });
  const parsed = productionSchema.safeParse(data);
  if (!parsed.success || parsed.data.uuid !== uuid) {
    throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic sent a production record that cannot be read.");
  }
  return parsed.data;
}

const publicFetchAsFetch = ((input: string | URL | Request, init?: RequestInit) =>
  publicFetch(new URL(input instanceof Request ? input.url : input), init as Parameters<typeof publicFetch>[1])) as typeof fetch;
