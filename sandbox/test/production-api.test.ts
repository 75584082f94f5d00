import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OutgoingService } from "../state.js";
import { api, connect, control, signIn, startTestSandbox, startWebhookReceiver, waitFor, type TestSandbox } from "./helpers.js";

type Envelope<T> = { status_code: number; error_message: string; form_errors: Record<string, string[]>; data: T };
type OutputFile = { format: string; filename: string; size: number | null; checksum: string | null; download_url: string | null };
type ProductionJson = {
  uuid: string;
  status: number;
  status_string: string;
  error_message: string;
  metadata: Record<string, unknown>;
  outgoing_services: OutgoingService[];
  output_files: OutputFile[];
  image: string | null;
  length: number | null;
  in_review: boolean;
  review_before_publishing: boolean;
  preset: string;
  change_time: string;
};

const mp3 = readFileSync(new URL("../fixtures/episode.mp3", import.meta.url));
const cover = readFileSync(new URL("../fixtures/cover.jpg", import.meta.url));
const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");
const ALICE_PRESET = "PresetAlicePodcastStd1";
const BOB_PRESET = "PresetBobsPresetNo0001";

let t: TestSandbox;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await startTestSandbox({ processingMs: 400, maxUploadBytes: 1_000_000 });
});
beforeEach(async () => {
  await control(t.base, "/reset", {});
  alice = await signIn(t.base, "alice");
  bob = await signIn(t.base, "bob");
});
afterAll(() => t.sandbox.close());

async function post<T = ProductionJson>(path: string, token: string, body?: unknown, raw?: string) {
  const response = await api(t.base, path, token, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const envelope = (await response.json()) as Envelope<T>;
  expect(envelope.status_code).toBe(response.status);
  return { status: response.status, body: envelope };
}

async function get<T = ProductionJson>(path: string, token: string) {
  const response = await api(t.base, path, token);
  return ((await response.json()) as Envelope<T>).data;
}

async function upload(uuid: string, token: string, parts: { name: string; bytes: Buffer; filename?: string }[]) {
  const form = new FormData();
  for (const part of parts) {
    if (part.filename === undefined) form.append(part.name, part.bytes.toString("utf8"));
    else form.append(part.name, new Blob([new Uint8Array(part.bytes)]), part.filename);
  }
  const response = await api(t.base, `/api/production/${uuid}/upload.json`, token, { method: "POST", body: form });
  return { status: response.status, body: (await response.json()) as Envelope<ProductionJson> };
}

async function rawUpload(uuid: string, token: string, contentType: string, body: Buffer | string) {
  const response = await api(t.base, `/api/production/${uuid}/upload.json`, token, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as Envelope<ProductionJson> };
}

async function connectService(token: string, name: string, webhookUrl = "http://127.0.0.1:9/hook"): Promise<string> {
  const response = await connect(t.base, token, { display_name: name, webhook_url: webhookUrl });
  return ((await response.json()) as { data: { uuid: string } }).data.uuid;
}

async function create(body: Record<string, unknown> = {}, token = alice) {
  const made = await post("/api/productions.json", token, { metadata: { title: "New episode" }, ...body });
  expect(made.status).toBe(200);
  return made.body.data;
}

/** Polls status.json until the production stops running; answers every status seen, in order. */
async function watchStatuses(uuid: string, token = alice): Promise<number[]> {
  const seen: number[] = [];
  await waitFor(async () => {
    const { status } = await get<{ status: number }>(`/api/production/${uuid}/status.json`, token);
    if (seen.at(-1) !== status) seen.push(status);
    return status === 2 || status === 3 ? true : undefined;
  });
  return seen;
}

describe("creating and updating productions", () => {
  it("creates an Incomplete production whose preset fills in what the body leaves out", async () => {
    const service = await connectService(alice, "My Show");
    await post(`/api/preset/${ALICE_PRESET}.json`, alice, { outgoing_services: [{ uuid: service }] });
    const made = await create({ preset: ALICE_PRESET, metadata: { title: "Episode 1", summary: "About it", year: 2026 } });
    expect(made).toMatchObject({
      status: 9,
      status_string: "Incomplete",
      preset: ALICE_PRESET,
      output_files: [],
      in_review: false,
      metadata: { title: "Episode 1", summary: "About it", year: "2026", artist: "Alice Example", album: "The Sandbox Show" },
    });
    expect(made.uuid).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(made.outgoing_services.map((s) => s.uuid)).toEqual([service]);
    expect((await get<string[]>("/api/productions.json?uuids_only=1", alice))).toEqual([made.uuid]);

    const own = await create({ preset: ALICE_PRESET, outgoing_services: [], metadata: { title: "x", artist: "Someone else" } });
    expect(own.outgoing_services).toEqual([]);
    expect(own.metadata.artist).toBe("Someone else");
  });

  it("merges an update, and replaces with reset_data", async () => {
    const service = await connectService(alice, "My Show");
    const made = await create({ metadata: { title: "First", summary: "Keep me" }, image: "https://example.com/a.jpg" });
    const merged = await post(`/api/production/${made.uuid}.json`, alice, {
      metadata: { title: "Second" },
      outgoing_services: [{ uuid: service }],
    });
    expect(merged.status).toBe(200);
    expect(merged.body.data.metadata).toMatchObject({ title: "Second", summary: "Keep me" });
    expect(merged.body.data.image).toBe("https://example.com/a.jpg");
    expect(merged.body.data.outgoing_services.map((s) => s.uuid)).toEqual([service]);

    const reset = await post(`/api/production/${made.uuid}.json`, alice, { reset_data: true, metadata: { title: "Third" } });
    expect(reset.body.data.metadata).toEqual({ title: "Third" });
    expect(reset.body.data.image).toBeNull();
    expect(reset.body.data.outgoing_services).toEqual([]);
  });

  it("refuses bad bodies with 400 and form_errors, creating nothing", async () => {
    const bobService = await connectService(bob, "Bob's");
    const cases: [unknown, string][] = [
      [{ metadata: { title: 12 } }, "metadata"],
      [{ metadata: "title" }, "metadata"],
      [{ metadata: { tags: "a,b" } }, "metadata"],
      [{ preset: "AAAAAAAAAAAAAAAAAAAAAA" }, "preset"],
      [{ preset: BOB_PRESET }, "preset"],
      [{ preset: 7 }, "preset"],
      [{ outgoing_services: [{ uuid: bobService }] }, "outgoing_services"],
      [{ outgoing_services: { uuid: "x" } }, "outgoing_services"],
      [{ image: "javascript:alert(1)" }, "image"],
      [{ image: 5 }, "image"],
      [{ review_before_publishing: "no" }, "review_before_publishing"],
      [{ action: "stop" }, "action"],
      [{ action: "start" }, "input_file"],
    ];
    for (const [body, field] of cases) {
      const answer = await post("/api/productions.json", alice, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.form_errors[field], JSON.stringify(body)).toBeDefined();
      expect(answer.body.data).toBeNull();
    }
    expect((await post("/api/productions.json", alice, undefined, "{oops")).status).toBe(400);
    expect((await post("/api/productions.json", alice, undefined, '"a string"')).status).toBe(400);
    expect((await api(t.base, "/api/productions.json", undefined, { method: "POST", body: "{}" })).status).toBe(401);
    expect(await get<string[]>("/api/productions.json?uuids_only=1", alice)).toEqual([]);
  });

  it("answers another user's production with 403 and an unknown one with 404 on every route", async () => {
    const made = await create();
    for (const suffix of [".json", "/start.json", "/upload.json"]) {
      expect((await post(`/api/production/${made.uuid}${suffix}`, bob, {})).status, suffix).toBe(403);
      expect((await post(`/api/production/AAAAAAAAAAAAAAAAAAAAAA${suffix}`, alice, {})).status, suffix).toBe(404);
    }
    expect((await post(`/api/production/${made.uuid}.json`, alice, undefined, "[]")).status).toBe(400);
  });
});

describe("uploading and processing", () => {
  it("runs an uploaded MP3 through 1, 4, 5, 6 to Done: the result is the upload, the cover is the image, then the webhook", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 204 }));
    try {
      const service = await connectService(alice, "My Show", receiver.url);
      const made = await create({ metadata: { title: "Processed", artist: "Alice" }, outgoing_services: [{ uuid: service }] });
      const uploaded = await upload(made.uuid, alice, [
        { name: "input_file", bytes: mp3, filename: "My Episode 1.mp3" },
        { name: "image", bytes: cover, filename: "cover.jpg" },
      ]);
      expect(uploaded.status).toBe(200);
      expect(uploaded.body.data).toMatchObject({ status: 10, status_string: "Production Not Started Yet" });
      expect(uploaded.body.data.output_files[0]).toMatchObject({ format: "mp3", size: null, download_url: null });

      const started = await post(`/api/production/${made.uuid}/start.json`, alice, {});
      expect(started.status).toBe(200);
      expect(started.body.data.status).toBe(1);
      expect(await watchStatuses(made.uuid)).toEqual([1, 4, 5, 6, 3]);

      const done = await get(`/api/production/${made.uuid}.json`, alice);
      expect(done).toMatchObject({ status: 3, status_string: "Done", error_message: "", metadata: { title: "Processed", artist: "Alice" } });
      expect(done.length).toBeCloseTo(25.05, 1);
      const [result] = done.output_files;
      expect(result).toMatchObject({ format: "mp3", filename: "My-Episode-1.mp3", size: mp3.length, checksum: md5(mp3) });
      const redirect = await api(t.base, new URL(result!.download_url!).pathname, alice);
      expect(redirect.status).toBe(302);
      const file = Buffer.from(await (await fetch(redirect.headers.get("location")!)).arrayBuffer());
      expect(md5(file)).toBe(md5(mp3));
      const image = await api(t.base, new URL(done.image!).pathname, alice);
      const imageBytes = Buffer.from(await (await fetch(image.headers.get("location")!)).arrayBuffer());
      expect(md5(imageBytes)).toBe(md5(cover));

      await waitFor(() => (receiver.received.length === 1 ? true : undefined));
      const state = await get(`/api/production/${made.uuid}.json`, alice);
      expect(state.outgoing_services[0]!.delivery_state).toBe("delivered");
    } finally {
      await receiver.close();
    }
  });

  it("stops in review when review_before_publishing is set, and sends the webhook on approval", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 200 }));
    try {
      const service = await connectService(alice, "My Show", receiver.url);
      const made = await create({ outgoing_services: [{ uuid: service }], review_before_publishing: true });
      await upload(made.uuid, alice, [{ name: "input_file", bytes: mp3, filename: "a.mp3" }]);
      await post(`/api/production/${made.uuid}/start.json`, alice, {});
      await watchStatuses(made.uuid);
      expect(await get(`/api/production/${made.uuid}.json`, alice)).toMatchObject({ status: 3, in_review: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.received).toHaveLength(0);
      expect((await control(t.base, `/productions/${made.uuid}/approve`, {})).status).toBe(200);
      await waitFor(() => (receiver.received.length === 1 ? true : undefined));
    } finally {
      await receiver.close();
    }
  });

  it("ends in Error with a reason when the input is not audio, and honours loseWebhooks", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 200 }));
    try {
      const service = await connectService(alice, "My Show", receiver.url);
      await control(t.base, "/faults", { loseWebhooks: 1 });
      const made = await create({ outgoing_services: [{ uuid: service }] });
      await upload(made.uuid, alice, [{ name: "input_file", bytes: Buffer.from("just some text, not audio"), filename: "notes.txt" }]);
      await post(`/api/production/${made.uuid}/start.json`, alice, "{}");
      expect((await watchStatuses(made.uuid)).at(-1)).toBe(2);
      const failed = await get(`/api/production/${made.uuid}.json`, alice);
      expect(failed).toMatchObject({ status: 2, status_string: "Error" });
      expect(failed.error_message).toContain("not an audio file");
      expect(failed.output_files[0]!.download_url).toBeNull();
      expect(failed.outgoing_services[0]!.delivery_state).toBe("lost");
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it("refuses to start without an input file, and to start, upload or change while running", async () => {
    const made = await create();
    const noInput = await post(`/api/production/${made.uuid}/start.json`, alice, {});
    expect(noInput.status).toBe(400);
    expect(noInput.body.form_errors.input_file).toBeDefined();
    await upload(made.uuid, alice, [{ name: "input_file", bytes: mp3, filename: "a.mp3" }]);
    expect((await post(`/api/production/${made.uuid}/start.json`, alice, {})).status).toBe(200);
    expect((await post(`/api/production/${made.uuid}/start.json`, alice, {})).status).toBe(400);
    expect((await upload(made.uuid, alice, [{ name: "input_file", bytes: mp3, filename: "b.mp3" }])).status).toBe(400);
    expect((await post(`/api/production/${made.uuid}.json`, alice, { metadata: { title: "x" } })).status).toBe(400);
    await watchStatuses(made.uuid);
  });
});

describe("upload.json with bad input", () => {
  it("refuses bodies that are not multipart, have no file, are cut short or are malformed", async () => {
    const made = await create();
    const cases: [string, Buffer | string][] = [
      ["application/json", "{}"],
      ["multipart/form-data", "--x\r\n"],
      ["multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"input_file\"; filename=\"a.mp3\"\r\n\r\nhalf a file"],
      ["multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nonly a field\r\n--abc--\r\n"],
      ["multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"input_file\"; filename=\"a.mp3\"\r\n\r\n\r\n--abc--\r\n"],
      ["multipart/form-data; boundary=abc", "--abc\r\nX-Nothing: here\r\n\r\ndata\r\n--abc--\r\n"],
      ["multipart/form-data; boundary=abc", "--abcGARBAGE"],
      ["multipart/form-data; boundary=abc", `--abc\r\n${"X: y\r\n".repeat(5000)}`],
    ];
    for (const [contentType, body] of cases) {
      const answer = await rawUpload(made.uuid, alice, contentType, body);
      expect(answer.status, `${contentType} ${String(body).slice(0, 60)}`).toBe(400);
      expect(Object.keys(answer.body.form_errors).length).toBeGreaterThan(0);
    }
    expect((await get(`/api/production/${made.uuid}.json`, alice)).status).toBe(9);
  });

  it("never uses the client's filename as a path, and makes a safe result name of it", async () => {
    const made = await create();
    const answer = await upload(made.uuid, alice, [{ name: "input_file", bytes: mp3, filename: "../../etc/evil name<script>.mp3" }]);
    expect(answer.status).toBe(200);
    const data = answer.body.data as ProductionJson & { input_file: string };
    expect(data.input_file).toBe("evil name<script>.mp3");
    expect(data.output_files[0]!.filename).toBe("evil-name-script-.mp3");
    const dir = await t.sandbox.context.uploads.directory();
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readdirSync(dir)[0]).toMatch(/^[A-Za-z0-9]{16}-input_file$/);
  });

  it("refuses an image that is not one", async () => {
    const made = await create();
    const answer = await upload(made.uuid, alice, [{ name: "image", bytes: mp3.subarray(0, 1000), filename: "cover.jpg" }]);
    expect(answer.status).toBe(400);
    expect(answer.body.form_errors.image).toBeDefined();
  });

  it("refuses an upload over the size limit, declared or streamed, and keeps no file of it", async () => {
    const made = await create();
    const big = Buffer.alloc(1_200_000, 1);
    const declared = await upload(made.uuid, alice, [{ name: "input_file", bytes: big, filename: "big.mp3" }]);
    expect(declared.status).toBe(400);
    expect(declared.body.form_errors.input_file![0]).toContain("limit");

    const boundary = "streamed";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="input_file"; filename="big.mp3"\r\n\r\n`);
    const chunks = [head, big];
    const streamed = await api(t.base, `/api/production/${made.uuid}/upload.json`, alice, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(400);
    const dir = await t.sandbox.context.uploads.directory();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes the file of an upload the client abandons halfway", async () => {
    const made = await create();
    const dir = await t.sandbox.context.uploads.directory();
    const url = new URL(`/api/production/${made.uuid}/upload.json`, t.base);
    const request = httpRequest(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${alice}`, "Content-Type": "multipart/form-data; boundary=b", "Content-Length": "900000" },
    });
    request.on("error", () => {});
    request.write(`--b\r\nContent-Disposition: form-data; name="input_file"; filename="a.mp3"\r\n\r\n`);
    request.write(mp3.subarray(0, 100_000));
    await waitFor(() => (readdirSync(dir).length === 1 ? true : undefined));
    request.destroy();
    await waitFor(() => (readdirSync(dir).length === 0 ? true : undefined));
    expect((await get(`/api/production/${made.uuid}.json`, alice)).status).toBe(9);
  });

  it("keeps uploads in a temporary directory that reset removes", async () => {
    const made = await create();
    await upload(made.uuid, alice, [{ name: "input_file", bytes: mp3, filename: "a.mp3" }]);
    const dir = await t.sandbox.context.uploads.directory();
    expect(readdirSync(dir)).toHaveLength(1);
    await control(t.base, "/reset", {});
    await waitFor(() => (existsSync(dir) ? undefined : true));
  });
});

describe("closing the sandbox", () => {
  it("removes its upload directory", async () => {
    const own = await startTestSandbox({ processingMs: 50 });
    const token = (await control<{ access_token: string }>(own.base, "/users/alice/tokens", {})).body.access_token;
    const made = await api(own.base, "/api/productions.json", token, { method: "POST", body: "{}" });
    const { uuid } = ((await made.json()) as Envelope<ProductionJson>).data;
    const form = new FormData();
    form.append("input_file", new Blob([new Uint8Array(mp3)]), "a.mp3");
    expect((await api(own.base, `/api/production/${uuid}/upload.json`, token, { method: "POST", body: form })).status).toBe(200);
    const dir = await own.sandbox.context.uploads.directory();
    expect(readdirSync(dir)).toHaveLength(1);
    await own.sandbox.close();
    expect(existsSync(dir)).toBe(false);
  });
});
