import "server-only";
import { AppError } from "@/lib/errors";
import { productionSchema, type AuphonicProduction } from "./production";
import { requestAuphonic } from "./request-auphonic";
import { isAuphonicId } from "./auphonic-id";

/**
 * The page asked for: Auphonic's default `limit` (docs/auphonic-api.md §10), which its clients use. Whether a larger
 * one is refused, clamped or honoured is not documented, so none is asked for; nor is a page of 100 taken to be the
 * largest there is: a page may come back shorter without being the last (the walk ends at an empty page).
 */
export const MAX_PRODUCTIONS_PAGE = 100;
// More items than asked for is already odd; past this many the rest are not even looked at.
const MAX_ITEMS_READ = 1_000;

export type ProductionsPage = {
  /** The readable productions of the page, in the order Auphonic sent them (not guaranteed: sort yourself). */
  productions: AuphonicProduction[];
  /** How many items the page held, readable or not: the next page starts that many further on; 0 is the end. */
  itemCount: number;
  /** Items dropped because they had no valid production uuid or were not objects. */
  skipped: number;
};

/**
 * One page of `GET /api/productions.json` as the user, with the full production objects: reconciliation needs
 * `outgoing_services`, which `minimal_data` may leave out. One bad item is skipped, never the page; an answer
 * whose data is not a list is AUPHONIC_UNAVAILABLE. Other errors as requestAuphonic (RATE_LIMITED on 429).
 */
export async function listProductions(
  token: string,
  { limit = MAX_PRODUCTIONS_PAGE, offset = 0, signal, fetchImpl }: { limit?: number; offset?: number; signal?: AbortSignal; fetchImpl?: typeof fetch } = {},
): Promise<ProductionsPage> {
  const query = new URLSearchParams({ limit: String(Math.min(MAX_PRODUCTIONS_PAGE, Math.max(1, Math.trunc(limit)))), offset: String(Math.max(0, Math.trunc(offset))) });
  const data = await requestAuphonic(`api/productions.json?${query}`, { token, signal, fetchImpl });
  if (!Array.isArray(data)) {
    throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic sent a list of productions that cannot be read (not a list).");
  }
  const productions: AuphonicProduction[] = [];
  let skipped = Math.max(0, data.length - MAX_ITEMS_READ);
  for (const item of data.slice(0, MAX_ITEMS_READ)) {
    const parsed = productionSchema.safeParse(item);
    if (parsed.success && isAuphonicId(parsed.data.uuid)) productions.push(parsed.data);
    else skipped++;
  }
  return { productions, itemCount: data.length, skipped };
}
