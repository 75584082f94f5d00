import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { getAuphonicUser } from "./get-auphonic-user";
import { requestAuphonic } from "./request-auphonic";

function fakeFetch(status: number, body: unknown, seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    seen.push(new Request(input as URL, init));
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { "Content-Type": "application/json" } });
  };
}

const envelope = (status: number, data: unknown, extra: object = {}) => ({
  status_code: status,
  error_code: null,
  error_message: "",
  form_errors: {},
  data,
  ...extra,
});

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("requestAuphonic", () => {
  it("returns data and sends the bearer token to the configured origin only", async () => {
    const seen: Request[] = [];
    const data = await requestAuphonic("api/user.json", {
      token: "tok",
      fetchImpl: fakeFetch(200, envelope(200, { ok: 1 }), seen),
    });
    expect(data).toEqual({ ok: 1 });
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer tok");
    expect(new URL(seen[0]!.url).origin).toBe("http://localhost:4010");
  });

  it("maps 401 to AUPHONIC_UNAUTHORIZED", async () => {
    const fetchImpl = fakeFetch(401, envelope(401, null, { error_message: "Token doesn't exist" }));
    const error = await codeOf(requestAuphonic("api/user.json", { token: "x", fetchImpl }));
    expect(error.code).toBe("AUPHONIC_UNAUTHORIZED");
    expect(error.message).toBe("Token doesn't exist");
  });

  it("trusts an error status_code in the body even when HTTP says 200", async () => {
    const fetchImpl = fakeFetch(200, envelope(401, null, { error_message: "Token doesn't exist" }));
    expect((await codeOf(requestAuphonic("api/user.json", { token: "x", fetchImpl }))).code).toBe(
      "AUPHONIC_UNAUTHORIZED",
    );
  });

  it("keeps form_errors of a 400, dropping non-string messages", async () => {
    const body = envelope(400, null, {
      error_message: "Invalid",
      form_errors: { display_name: ["Too long"], webhook_url: "Bad URL", junk: [1, null] },
    });
    const error = await codeOf(requestAuphonic("api/service/connect.json", { token: "x", fetchImpl: fakeFetch(400, body) }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toEqual({ display_name: ["Too long"], webhook_url: ["Bad URL"] });
  });

  it("maps 403, 404, 5xx, HTML and network failures", async () => {
    const cases: [typeof fetch, string][] = [
      [fakeFetch(403, envelope(403, null)), "FORBIDDEN"],
      [fakeFetch(404, envelope(404, null)), "NOT_FOUND"],
      [fakeFetch(500, envelope(500, null)), "AUPHONIC_UNAVAILABLE"],
      [fakeFetch(502, "<html>Bad gateway</html>"), "AUPHONIC_UNAVAILABLE"],
      [fakeFetch(200, "not json"), "AUPHONIC_UNAVAILABLE"],
      [fakeFetch(200, [1, 2]), "AUPHONIC_UNAVAILABLE"],
      [async () => Promise.reject(new TypeError("fetch failed")), "AUPHONIC_UNAVAILABLE"],
    ];
    for (const [fetchImpl, code] of cases) {
      expect((await codeOf(requestAuphonic("api/x.json", { token: "x", fetchImpl }))).code).toBe(code);
    }
  });
});

describe("getAuphonicUser", () => {
  it("maps the user record and accepts credits as a numeric string", async () => {
    const fetchImpl = fakeFetch(200, envelope(200, { user_id: "4e75", username: "njrusmc", credits: "16.40" }));
    expect(await getAuphonicUser("t", fetchImpl)).toEqual({
      userId: "4e75",
      username: "njrusmc",
      email: null,
      credits: 16.4,
    });
  });

  it("refuses a record without user_id or with a hostile shape", async () => {
    for (const data of [null, {}, { username: "a" }, { user_id: 5, username: "a" }, { user_id: "a".repeat(500), username: "a" }]) {
      const error = await codeOf(getAuphonicUser("t", fakeFetch(200, envelope(200, data))));
      expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
    }
  });
});
