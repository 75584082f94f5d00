import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, connect, control, signIn, startTestSandbox, type TestSandbox } from "./helpers.js";

type Envelope<T = Record<string, unknown>> = {
  status_code: number;
  error_code: string | null;
  error_message: string;
  form_errors: Record<string, string[]>;
  data: T;
};

let t: TestSandbox;
let aliceToken: string;
let bobToken: string;
beforeAll(async () => {
  t = await startTestSandbox();
  aliceToken = await signIn(t.base, "alice");
  bobToken = await signIn(t.base, "bob");
});
afterAll(() => t.sandbox.close());

async function envelope<T = Record<string, unknown>>(response: Response): Promise<Envelope<T>> {
  const body = (await response.json()) as Envelope<T>;
  expect(body.status_code).toBe(response.status);
  return body;
}

describe("authentication", () => {
  it("answers user.json in the envelope", async () => {
    const response = await api(t.base, "/api/user.json", aliceToken);
    expect(response.status).toBe(200);
    const body = await envelope(response);
    expect(body).toMatchObject({ error_code: null, error_message: "", form_errors: {} });
    expect(body.data).toMatchObject({ username: "alice", credits: 16.4, email: "alice@example.com" });
    expect(body.data.user_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.data.date_joined).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("accepts a lowercase bearer scheme", async () => {
    const response = await api(t.base, "/api/user.json", undefined, {
      headers: { Authorization: `bearer ${bobToken}` },
    });
    expect((await envelope(response)).data).toMatchObject({ username: "bob", credits: 2.5 });
  });

  it("answers 401 without credentials", async () => {
    const response = await api(t.base, "/api/user.json");
    expect(response.status).toBe(401);
    expect(await envelope(response)).toMatchObject({
      error_message: "Request authentication failed, no authentication credentials provided.",
      data: null,
    });
  });

  it("answers 401 for an unknown and for a revoked token", async () => {
    const unknown = await api(t.base, "/api/user.json", "x".repeat(40));
    expect(unknown.status).toBe(401);
    expect((await envelope(unknown)).error_message).toBe("Token doesn't exist");

    const carolToken = await signIn(t.base, "carol");
    expect((await api(t.base, "/api/user.json", carolToken)).status).toBe(200);
    const revoke = await control(t.base, "/users/carol/revoke", {});
    expect(revoke.body).toMatchObject({ revoked: 1 });
    const revoked = await api(t.base, "/api/user.json", carolToken);
    expect(revoked.status).toBe(401);
    expect(await envelope(revoked)).toMatchObject({ error_message: "Token doesn't exist", data: null });
  });
});

describe("service/connect.json and services.json", () => {
  it("creates, then updates by display_name, and creates again for a new name", async () => {
    const first = await envelope(
      await connect(t.base, aliceToken, { display_name: "Family Show - Draft", webhook_url: "https://podhaven.test/h/1" }),
    );
    expect(first.data).toEqual({
      uuid: expect.stringMatching(/^[A-Za-z0-9]{22}$/),
      display_name: "Family Show - Draft",
      type: "podhaven",
      incoming: false,
      outgoing: true,
      webhook_url: "https://podhaven.test/h/1",
      custom_data: null,
    });

    const again = await envelope(
      await connect(t.base, aliceToken, {
        display_name: "Family Show - Draft",
        webhook_url: "https://podhaven.test/h/2",
        custom_data: '{"show":1}',
      }),
    );
    expect(again.data).toMatchObject({ uuid: first.data.uuid, webhook_url: "https://podhaven.test/h/2", custom_data: '{"show":1}' });

    const renamed = await envelope(
      await connect(t.base, aliceToken, { display_name: "Family Show - Publish", webhook_url: "https://podhaven.test/h/3" }),
    );
    expect(renamed.data.uuid).not.toBe(first.data.uuid);

    const list = await envelope<Record<string, unknown>[]>(await api(t.base, "/api/services.json", aliceToken));
    expect(list.data.map((s) => s.display_name)).toEqual(["Family Show - Draft", "Family Show - Publish"]);
    const bobList = await envelope<unknown[]>(await api(t.base, "/api/services.json", bobToken));
    expect(bobList.data).toEqual([]);
  });

  it("answers 400 with form_errors for bad input", async () => {
    const missing = await connect(t.base, aliceToken, {});
    expect(missing.status).toBe(400);
    const body = await envelope(missing);
    expect(body.data).toBeNull();
    expect(Object.keys(body.form_errors).sort()).toEqual(["display_name", "webhook_url"]);

    const bad = await envelope(
      await connect(t.base, aliceToken, {
        display_name: "x".repeat(101),
        webhook_url: "ftp://podhaven.test/h",
        custom_data: { not: "a string" },
      }),
    );
    expect(bad.status_code).toBe(400);
    expect(Object.keys(bad.form_errors).sort()).toEqual(["custom_data", "display_name", "webhook_url"]);
    expect(bad.form_errors.display_name?.[0]).toMatch(/100/);

    const relative = await envelope(await connect(t.base, aliceToken, { display_name: "A", webhook_url: "/hook" }));
    expect(relative.form_errors).toHaveProperty("webhook_url");
  });

  it("answers data {} when the connectEmptyData fault is on", async () => {
    await control(t.base, "/faults", { connectEmptyData: true });
    const body = await envelope(
      await connect(t.base, bobToken, { display_name: "Bob", webhook_url: "https://podhaven.test/h/b" }),
    );
    await control(t.base, "/faults", { connectEmptyData: false });
    expect(body).toMatchObject({ status_code: 200, data: {} });
    expect(Object.keys(body.data)).toHaveLength(0);
  });
});

type ProductionData = {
  uuid: string;
  status: number;
  status_string: string;
  metadata: Record<string, unknown>;
  chapters: { start: string; start_sec: number; start_output: string; start_output_sec: number; image: string | null; url: string }[];
  output_files: { format: string; ending: string; filename: string; bitrate: number; size: number; checksum: string; download_url: string | null }[];
  statistics: { levels: { input: Record<string, [number, string]>; output: Record<string, [number, string]> } };
  creation_time: string;
  change_time: string;
  image: string | null;
  length: number;
  length_timestring: string;
};

describe("GET /api/production/{uuid}.json", () => {
  it("answers 404 for an unknown uuid and 403 for another user's production", async () => {
    const unknown = await api(t.base, "/api/production/AAAAAAAAAAAAAAAAAAAAAA.json", aliceToken);
    expect(unknown.status).toBe(404);
    expect(await envelope(unknown)).toMatchObject({ error_message: "Not Found", data: null });

    const created = await control<{ uuid: string }>(t.base, "/productions", { username: "bob", deliver: false });
    const foreign = await api(t.base, `/api/production/${created.body.uuid}.json`, aliceToken);
    expect(foreign.status).toBe(403);
    const body = await envelope(foreign);
    expect(body.data).toBeNull();
    expect(body.error_message).not.toBe("");
  });

  it("answers the Auphonic production shape with real file sizes and checksums", async () => {
    const created = await control<{ uuid: string }>(t.base, "/productions", {
      username: "alice",
      display_name: "Family Show - Draft",
      deliver: false,
    });
    expect(created.status).toBe(201);
    const response = await api(t.base, `/api/production/${created.body.uuid}.json`, aliceToken);
    const { data } = await envelope<ProductionData>(response);

    expect(data).toMatchObject({ uuid: created.body.uuid, status: 3, status_string: "Done" });
    expect(data.metadata).toMatchObject({ track: "12", year: "2026" });
    expect(data.creation_time).toMatch(/\.\d{3}Z$/);
    expect(data.length_timestring).toBe("00:00:25.051");
    expect(data.image).toBe(`${t.base}/api/download/audio-upload/${data.uuid}/cover.jpg`);
    expect(data.statistics.levels.output.loudness).toEqual([-16, "LUFS"]);
    expect(data.statistics.levels.output.peak).toEqual([-1, "dBTP"]);

    expect(data.chapters.length).toBeGreaterThanOrEqual(3);
    expect(data.chapters.some((c) => c.start_sec !== c.start_output_sec)).toBe(true);
    expect(data.chapters.some((c) => c.image !== null)).toBe(true);
    expect(data.chapters.some((c) => c.url !== "")).toBe(true);
    expect(data.chapters[1]).toMatchObject({ start: "00:00:09.350", start_output: "00:00:06.920" });

    expect(data.output_files.map((f) => f.format)).toEqual(["mp3", "aac", "subtitle", "subtitle", "speech", "transcript"]);
    const mp3 = data.output_files[0]!;
    const bytes = readFileSync(new URL("../fixtures/episode.mp3", import.meta.url));
    expect(mp3).toMatchObject({ ending: "mp3", bitrate: 64, size: bytes.length });
    expect(mp3.checksum).toBe(createHash("md5").update(bytes).digest("hex"));
    expect(mp3.download_url).toBe(`${t.base}/api/download/audio-result/${data.uuid}/${mp3.filename}`);
  });

  it("has tags [\"\"] and no cover for the minimal template, and no download_url on Error", async () => {
    const minimal = await control<ProductionData>(t.base, "/productions", {
      username: "bob",
      template: "minimal",
      status: "Error",
      deliver: false,
    });
    const { data } = await envelope<ProductionData>(await api(t.base, `/api/production/${minimal.body.uuid}.json`, bobToken));
    expect(data).toMatchObject({ status: 2, status_string: "Error", image: null });
    expect(data.metadata.tags).toEqual([""]);
    expect(data.metadata).not.toHaveProperty("subtitle");
    expect(data.output_files.every((f) => f.download_url === null)).toBe(true);
  });
});
