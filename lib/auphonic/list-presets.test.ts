import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { addServiceToPresets } from "./add-service-to-presets";
import { listPresets } from "./list-presets";
import { removeServiceFromPresets } from "./remove-service-from-presets";

// Auphonic answers played by a stand-in fetch: hostile and malformed ones included.
type Answer = { status?: number; body: unknown };
const envelope = (data: unknown, extra: object = {}) => ({ status_code: 200, error_code: null, error_message: "", form_errors: {}, data, ...extra });
const ID = (letter: string) => letter.repeat(22);

function answerWith(route: (method: string, path: string, body: unknown) => Answer) {
  const seen: { method: string; path: string; body: unknown; authorization: string | null }[] = [];
  vi.stubGlobal("fetch", async (input: URL, init: RequestInit) => {
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
    const method = init.method ?? "GET";
    seen.push({ method, path: input.pathname, body, authorization: new Headers(init.headers).get("authorization") });
    const answer = route(method, input.pathname, body);
    return new Response(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body), { status: answer.status ?? 200 });
  });
  return seen;
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(() => vi.unstubAllGlobals());

describe("listPresets", () => {
  it("maps presets to uuid, name and the uuids of their publishing targets", async () => {
    answerWith(() => ({
      body: envelope([
        { uuid: ID("a"), preset_name: "Podcast Standard", outgoing_services: [{ uuid: ID("s"), display_name: "x", type: "external" }, { uuid: ID("s") }] },
        { uuid: ID("b"), preset_name: "  ", outgoing_services: null },
      ]),
    }));
    expect(await listPresets("tok")).toEqual([
      { uuid: ID("a"), name: "Podcast Standard", serviceUuids: [ID("s")] },
      { uuid: ID("b"), name: "(unnamed preset)", serviceUuids: [] },
    ]);
  });

  it("leaves out presets without a usable uuid and services that are not objects", async () => {
    answerWith(() => ({
      body: envelope([null, 7, "x", { preset_name: "no uuid" }, { uuid: "short", preset_name: "bad" }, { uuid: ID("c"), preset_name: { x: 1 }, outgoing_services: [null, 5, { uuid: 9 }, { uuid: ID("t") }] }]),
    }));
    expect(await listPresets("tok")).toEqual([{ uuid: ID("c"), name: "(unnamed preset)", serviceUuids: [ID("t")] }]);
  });

  it("refuses a list that is not a list", async () => {
    for (const data of [{ uuid: ID("a") }, "presets", null, 3]) {
      answerWith(() => ({ body: envelope(data) }));
      expect((await errorOf(listPresets("tok"))).code).toBe("AUPHONIC_UNAVAILABLE");
    }
  });

  it("says 401 is a refused token, and survives an answer that is not JSON", async () => {
    answerWith(() => ({ status: 401, body: envelope(null, { status_code: 401, error_message: "Token doesn't exist" }) }));
    const refused = await errorOf(listPresets("tok"));
    expect(refused.code).toBe("AUPHONIC_UNAUTHORIZED");
    answerWith(() => ({ status: 200, body: "<html>maintenance</html>" }));
    expect((await errorOf(listPresets("tok"))).code).toBe("AUPHONIC_UNAVAILABLE");
  });
});

describe("addServiceToPresets / removeServiceFromPresets", () => {
  it("keeps the preset's other targets: reads it, then writes the union (and the rest when removing)", async () => {
    const stored: Record<string, string[]> = { [ID("a")]: [ID("x"), ID("y")], [ID("b")]: [ID("s")] };
    const seen = answerWith((method, path, body) => {
      const uuid = path.slice("/api/preset/".length, -".json".length);
      if (method === "POST") stored[uuid] = (body as { outgoing_services: { uuid: string }[] }).outgoing_services.map((service) => service.uuid);
      return { body: envelope({ uuid, outgoing_services: stored[uuid]!.map((service) => ({ uuid: service, display_name: "d" })) }) };
    });
    await addServiceToPresets("tok", ID("s"), [ID("a"), ID("b"), ID("a")]);
    expect(stored[ID("a")]).toEqual([ID("x"), ID("y"), ID("s")]);
    // Preset b already listed it: read, not written.
    expect(seen.filter((request) => request.method === "POST").map((request) => request.path)).toEqual([`/api/preset/${ID("a")}.json`]);
    expect(seen.every((request) => request.authorization === "Bearer tok")).toBe(true);
    await removeServiceFromPresets("tok", ID("s"), [ID("a")]);
    expect(stored[ID("a")]).toEqual([ID("x"), ID("y")]);
  });

  it("refuses a preset answer without the preset, and a bad uuid before any request", async () => {
    answerWith(() => ({ body: envelope({ preset_name: "no uuid" }) }));
    expect((await errorOf(addServiceToPresets("tok", ID("s"), [ID("a")]))).code).toBe("AUPHONIC_UNAVAILABLE");
    const seen = answerWith(() => ({ body: envelope({}) }));
    expect((await errorOf(addServiceToPresets("tok", ID("s"), ["../user"]))).code).toBe("BAD_REQUEST");
    expect((await errorOf(addServiceToPresets("tok", "not-a-service", [ID("a")]))).code).toBe("BAD_REQUEST");
    expect(seen).toEqual([]);
  });

  it("passes Auphonic's field errors on (an unknown service)", async () => {
    answerWith((method) =>
      method === "GET"
        ? { body: envelope({ uuid: ID("a"), outgoing_services: [] }) }
        : { status: 400, body: envelope(null, { status_code: 400, error_message: "Invalid data", form_errors: { outgoing_services: ["Unknown service."] } }) },
    );
    const error = await errorOf(addServiceToPresets("tok", ID("s"), [ID("a")]));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toEqual({ outgoing_services: ["Unknown service."] });
  });
});
