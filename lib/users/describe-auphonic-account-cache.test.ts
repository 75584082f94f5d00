import { describe, expect, it } from "vitest";
import { AUPHONIC_ACCOUNT_MAX_AGE_MS, AUPHONIC_ACCOUNT_PENDING_MS, describeAuphonicAccountCache, type AuphonicAccountCacheRow } from "./describe-auphonic-account-cache";

const now = new Date("2026-12-06T06:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const row = (fields: Partial<AuphonicAccountCacheRow> = {}): AuphonicAccountCacheRow => ({
  username: "alice",
  auphonicCredits: 2,
  auphonicAccountAsOf: ago(60_000),
  auphonicAccountTriedAt: ago(60_000),
  auphonicAccountRequestedAt: null,
  auphonicAccountError: null,
  auphonicAccountRefused: false,
  ...fields,
});

describe("describeAuphonicAccountCache", () => {
  it("asks for a refresh only when the details are older than the limit", () => {
    expect(describeAuphonicAccountCache(row(), now).needsRefresh).toBe(false);
    expect(describeAuphonicAccountCache(row({ auphonicAccountAsOf: ago(AUPHONIC_ACCOUNT_MAX_AGE_MS + 1) }), now).needsRefresh).toBe(true);
    expect(describeAuphonicAccountCache(row({ auphonicAccountAsOf: null, auphonicAccountTriedAt: null }), now).needsRefresh).toBe(true);
  });

  it("counts a refresh as under way until it is tried, or until it looks lost", () => {
    const old = { auphonicAccountAsOf: ago(AUPHONIC_ACCOUNT_MAX_AGE_MS * 2), auphonicAccountTriedAt: ago(AUPHONIC_ACCOUNT_MAX_AGE_MS * 2) };
    const pending = describeAuphonicAccountCache(row({ ...old, auphonicAccountRequestedAt: ago(5_000) }), now);
    expect(pending).toMatchObject({ isRefreshing: true, needsRefresh: false });
    const lost = describeAuphonicAccountCache(row({ ...old, auphonicAccountRequestedAt: ago(AUPHONIC_ACCOUNT_PENDING_MS + 1) }), now);
    expect(lost).toMatchObject({ isRefreshing: false, needsRefresh: true });
    const tried = describeAuphonicAccountCache(row({ auphonicAccountRequestedAt: ago(70_000) }), now);
    expect(tried.isRefreshing).toBe(false);
  });

  it("never asks again for a refused token, and reports the failure with its time", () => {
    const refused = describeAuphonicAccountCache(
      row({ auphonicAccountAsOf: null, auphonicAccountTriedAt: ago(1), auphonicAccountError: "Refused.", auphonicAccountRefused: true }),
      new Date(now.getTime() + 365 * 86_400_000),
    );
    expect(refused).toMatchObject({ isRefused: true, needsRefresh: false, failure: { message: "Refused.", at: ago(1) } });
  });
});
