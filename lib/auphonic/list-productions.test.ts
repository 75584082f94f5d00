// listProductions against answers the sandbox does not give: hostile items, a non-list, 429 with and without
// Retry-After. A stand-in fetch answers; the real sandbox is in lib/reconcile/reconcile.integration.test.ts.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { listProductions } from "./list-productions";

const UUID_A = "AAAAAAAAAAAAAAAAAAAAAA";
const UUID_B = "BBBBBBBBBBBBBBBBBBBBBB";

function answering(status: number, body: unknown, headers: Record<string, string> = {}, seen: URL[] = []): typeof fetch {
  return async (input) => {
    seen.push(new URL(String(input)));
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { "Content-Type": "application/json", ...headers } });
  };
}
const envelope = (data: unknown, status = 200) => ({ status_code: status, error_code: null, error_message: "", form_errors: {}, data });

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("listProductions", () => {
  it("asks for one page of full records (no minimal_data) and clamps limit and offset", async () => {
    const seen: URL[] = [];
    const page = await listProductions("tok", { limit: 500, offset: -3, fetchImpl: answering(200, envelope([]), {}, seen) });
    expect(page).toEqual({ productions: [], itemCount: 0, skipped: 0 });
    expect(seen[0]!.pathname).toBe("/api/productions.json");
    expect(Object.fromEntries(seen[0]!.searchParams)).toEqual({ limit: "100", offset: "0" });
  });

  it("keeps readable items with their targets, creation time and review flag", async () => {
    const item = {
      uuid: UUID_A,
      status: 3,
      status_string: "Done",
      creation_time: "2026-12-01T10:00:00.000Z",
      in_review: true,
      outgoing_services: [{ uuid: "svc1", display_name: "Podhaven" }],
      metadata: { title: "One" },
    };
    const page = await listProductions("tok", { fetchImpl: answering(200, envelope([item])) });
    expect(page.productions).toHaveLength(1);
    expect(page.productions[0]).toMatchObject({ uuid: UUID_A, status: 3, creation_time: item.creation_time, in_review: true, outgoing_services: [{ uuid: "svc1" }] });
  });

  it("skips items without a valid uuid, and odd fields, without failing the page", async () => {
    const hostile = [
      { status: 3 }, // no uuid
      { uuid: "short" },
      { uuid: `${UUID_A}x` },
      { uuid: "../../../etc/passwd/aaaa" },
      { uuid: 12345678901234567890 },
      null,
      "a string",
      [UUID_A],
      { uuid: UUID_B, status: { nested: true }, outgoing_services: "nope", in_review: "yes", creation_time: 7, metadata: [] },
    ];
    const page = await listProductions("tok", { fetchImpl: answering(200, envelope(hostile)) });
    expect(page.itemCount).toBe(hostile.length);
    expect(page.skipped).toBe(hostile.length - 1);
    expect(page.productions.map((production) => production.uuid)).toEqual([UUID_B]);
    expect(page.productions[0]).toMatchObject({ status: undefined, outgoing_services: undefined, in_review: undefined, creation_time: undefined });
  });

  it("refuses data that is not a list, with a clear error", async () => {
    for (const data of [{ uuid: UUID_A }, "productions", null, 42]) {
      const error = await errorOf(listProductions("tok", { fetchImpl: answering(200, envelope(data)) }));
      expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
      expect(error.message).toMatch(/list of productions that cannot be read/);
    }
    const unreadable = await errorOf(listProductions("tok", { fetchImpl: answering(200, "<html>oops</html>") }));
    expect(unreadable.code).toBe("AUPHONIC_UNAVAILABLE");
  });

  it("maps a 500 to AUPHONIC_UNAVAILABLE", async () => {
    const error = await errorOf(listProductions("tok", { fetchImpl: answering(500, envelope(null, 500)) }));
    expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
  });

  it("maps a 429 to RATE_LIMITED, with Retry-After in seconds or as a date, and without one", async () => {
    const inSeconds = await errorOf(listProductions("tok", { fetchImpl: answering(429, envelope(null, 429), { "Retry-After": "120" }) }));
    expect(inSeconds.code).toBe("RATE_LIMITED");
    expect(inSeconds.retryAfterMs).toBe(120_000);
    expect(inSeconds.message).toMatch(/slow down.*120 seconds/);

    const date = new Date(Date.now() + 90_000).toUTCString();
    const asDate = await errorOf(listProductions("tok", { fetchImpl: answering(429, "Too Many Requests", { "Retry-After": date }) }));
    expect(asDate.code).toBe("RATE_LIMITED");
    expect(asDate.retryAfterMs).toBeGreaterThan(80_000);
    expect(asDate.retryAfterMs).toBeLessThanOrEqual(90_000);

    const none = await errorOf(listProductions("tok", { fetchImpl: answering(429, "") }));
    expect(none.retryAfterMs).toBeNull();
    // A hostile header neither parks the creator for years nor breaks the parse.
    const huge = await errorOf(listProductions("tok", { fetchImpl: answering(429, "", { "Retry-After": "9999999999" }) }));
    expect(huge.retryAfterMs).toBe(24 * 3600_000);
    const junk = await errorOf(listProductions("tok", { fetchImpl: answering(429, "", { "Retry-After": "soon-ish" }) }));
    expect(junk.retryAfterMs).toBeNull();
  });

  it("also reads 429 from the envelope's status_code", async () => {
    const error = await errorOf(listProductions("tok", { fetchImpl: answering(200, envelope(null, 429)) }));
    expect(error.code).toBe("RATE_LIMITED");
  });
});
