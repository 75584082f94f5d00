import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, connect, control, signIn, startTestSandbox, type TestSandbox } from "./helpers.js";

type Envelope<T> = { status_code: number; error_message: string; form_errors: Record<string, string[]>; data: T };
type PresetJson = {
  uuid: string;
  preset_name: string;
  metadata: Record<string, unknown>;
  outgoing_services: { uuid: string; display_name: string; type: string }[];
  output_files: { format: string }[];
  algorithms: Record<string, unknown>;
  review_before_publishing: boolean;
};

let t: TestSandbox;
let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  t = await startTestSandbox();
});
beforeEach(async () => {
  await control(t.base, "/reset", {});
  alice = await signIn(t.base, "alice");
  bob = await signIn(t.base, "bob");
  carol = await signIn(t.base, "carol");
});
afterAll(() => t.sandbox.close());

async function call<T>(path: string, token: string, body?: unknown, rawBody?: string) {
  const response = await api(t.base, path, token, {
    method: body === undefined && rawBody === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const envelope = (await response.json()) as Envelope<T>;
  expect(envelope.status_code).toBe(response.status);
  return { status: response.status, body: envelope };
}

async function connectService(token: string, name: string): Promise<string> {
  const response = await connect(t.base, token, { display_name: name, webhook_url: "http://127.0.0.1:9/hook" });
  return ((await response.json()) as { data: { uuid: string } }).data.uuid;
}

describe("presets", () => {
  it("seeds two presets for alice, one for bob, none for carol", async () => {
    const aliceList = await call<PresetJson[]>("/api/presets.json", alice);
    expect(aliceList.body.data.map((p) => p.preset_name)).toEqual(["Podcast Standard", "Interview Two Voices"]);
    for (const preset of aliceList.body.data) {
      expect(preset.uuid).toMatch(/^[A-Za-z0-9]{22}$/);
      expect(preset).toMatchObject({ outgoing_services: [], review_before_publishing: false });
      expect(preset.output_files.some((file) => file.format === "mp3")).toBe(true);
      expect(preset.metadata).toHaveProperty("artist");
    }
    expect((await call<PresetJson[]>("/api/presets.json", bob)).body.data.map((p) => p.preset_name)).toEqual(["Bob's Preset"]);
    expect((await call<PresetJson[]>("/api/presets.json", carol)).body.data).toEqual([]);
  });

  it("reads one preset and replaces its outgoing_services", async () => {
    const [first] = (await call<PresetJson[]>("/api/presets.json", alice)).body.data;
    const one = await call<PresetJson>(`/api/preset/${first!.uuid}.json`, alice);
    expect(one.body.data).toEqual(first);

    const a = await connectService(alice, "Show A");
    const b = await connectService(alice, "Show B");
    const both = await call<PresetJson>(`/api/preset/${first!.uuid}.json`, alice, { outgoing_services: [{ uuid: a }, { uuid: b }] });
    expect(both.status).toBe(200);
    expect(both.body.data.outgoing_services).toEqual([
      { uuid: a, display_name: "Show A", type: "podhaven" },
      { uuid: b, display_name: "Show B", type: "podhaven" },
    ]);
    const onlyB = await call<PresetJson>(`/api/preset/${first!.uuid}.json`, alice, { outgoing_services: [{ uuid: b }] });
    expect(onlyB.body.data.outgoing_services.map((s) => s.uuid)).toEqual([b]);
    expect(onlyB.body.data.preset_name).toBe("Podcast Standard");
    const reread = await call<PresetJson>(`/api/preset/${first!.uuid}.json`, alice);
    expect(reread.body.data.outgoing_services.map((s) => s.uuid)).toEqual([b]);
  });

  it("refuses unknown or foreign service uuids and wrong types with form_errors, changing nothing", async () => {
    const [first] = (await call<PresetJson[]>("/api/presets.json", alice)).body.data;
    const bobs = await connectService(bob, "Bob's show");
    const path = `/api/preset/${first!.uuid}.json`;
    for (const [body, field] of [
      [{ outgoing_services: [{ uuid: "AAAAAAAAAAAAAAAAAAAAAA" }] }, "outgoing_services"],
      [{ outgoing_services: [{ uuid: bobs }] }, "outgoing_services"],
      [{ outgoing_services: "all" }, "outgoing_services"],
      [{ outgoing_services: [{ id: 1 }] }, "outgoing_services"],
      [{ metadata: { title: 5 } }, "metadata"],
      [{ metadata: [] }, "metadata"],
      [{ preset_name: "" }, "preset_name"],
      [{ review_before_publishing: "yes" }, "review_before_publishing"],
    ] as const) {
      const answer = await call(path, alice, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.form_errors[field]?.length, JSON.stringify(body)).toBeGreaterThan(0);
      expect(answer.body.data).toBeNull();
    }
    expect((await call<PresetJson>(path, alice)).body.data).toEqual(first);
  });

  it("answers malformed JSON with 400, another user's preset with 403, an unknown one with 404", async () => {
    const [first] = (await call<PresetJson[]>("/api/presets.json", alice)).body.data;
    const path = `/api/preset/${first!.uuid}.json`;
    expect((await call(path, alice, undefined, "{not json")).status).toBe(400);
    expect((await call(path, alice, undefined, "[1,2]")).status).toBe(400);
    expect((await call(path, bob)).status).toBe(403);
    expect((await call(path, bob, { preset_name: "Mine now" })).status).toBe(403);
    expect((await call("/api/preset/AAAAAAAAAAAAAAAAAAAAAA.json", alice)).status).toBe(404);
    expect((await call<PresetJson>(path, alice)).body.data.preset_name).toBe("Podcast Standard");
  });
});
