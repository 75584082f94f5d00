import { Readable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { createProduction } from "./create-production";
import { getProductionStatus } from "./get-production-status";
import { startProduction } from "./start-production";
import { uploadProductionInput } from "./upload-production-input";

// Auphonic answers played by a stand-in fetch: the calls that create, upload to and start a production.
const envelope = (data: unknown, extra: object = {}) => ({ status_code: 200, error_code: null, error_message: "", form_errors: {}, data, ...extra });
const UUID = "qAgrWNDb4HFCnbi6LU37UC";
type Seen = { url: URL; init: RequestInit };

function answer(status: number, body: unknown, seen: Seen[] = []) {
  vi.stubGlobal("fetch", async (input: URL, init: RequestInit) => {
    seen.push({ url: input, init });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  });
  return seen;
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(() => vi.unstubAllGlobals());

const production = { presetUuid: "P".repeat(22), metadata: { title: "Ep 1", summary: "", artist: "Ann" }, outgoingServiceUuids: ["S".repeat(22)] };

describe("createProduction", () => {
  it("posts the preset, the metadata that is set and the publishing target; answers the new uuid", async () => {
    const seen = answer(200, envelope({ uuid: UUID, status: 9 }));
    expect(await createProduction("tok", production)).toEqual({ uuid: UUID });
    expect(seen[0]!.url.pathname).toBe("/api/productions.json");
    expect(JSON.parse(seen[0]!.init.body as string)).toEqual({ preset: "P".repeat(22), metadata: { title: "Ep 1", artist: "Ann" }, outgoing_services: [{ uuid: "S".repeat(22) }] });
  });

  it("refuses an answer without a uuid (or with one that is not Auphonic's)", async () => {
    for (const data of [{}, null, [], { uuid: "" }, { uuid: "../../api/user" }, { uuid: 12 }]) {
      answer(200, envelope(data));
      expect((await errorOf(createProduction("tok", production))).code).toBe("AUPHONIC_UNAVAILABLE");
    }
  });

  it("turns 400 with form_errors into field errors, and 401 into a refused token", async () => {
    answer(400, envelope(null, { status_code: 400, error_message: "Invalid", form_errors: { preset: ["Unknown preset."], metadata: "not a list" } }));
    const refused = await errorOf(createProduction("tok", production));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.fieldErrors).toEqual({ preset: ["Unknown preset."], metadata: ["not a list"] });
    answer(401, envelope(null, { status_code: 401, error_message: "Token doesn't exist" }));
    expect((await errorOf(createProduction("tok", production))).code).toBe("AUPHONIC_UNAUTHORIZED");
  });

  it("sends no request for a preset that is not a uuid", async () => {
    const seen = answer(200, envelope({ uuid: UUID }));
    expect((await errorOf(createProduction("tok", { ...production, presetUuid: "x/../y" }))).code).toBe("BAD_REQUEST");
    expect(seen).toEqual([]);
  });
});

describe("uploadProductionInput", () => {
  it("streams input_file and image as multipart with a Content-Length, to the production's upload URL", async () => {
    let received: FormData | null = null;
    let headers: Headers | null = null;
    vi.stubGlobal("fetch", async (input: URL, init: RequestInit) => {
      headers = new Headers(init.headers);
      const chunks: Buffer[] = [];
      for await (const chunk of init.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
      received = await new Response(new Uint8Array(Buffer.concat(chunks)), { headers: { "Content-Type": headers.get("content-type")! } }).formData();
      expect(input.pathname).toBe(`/api/production/${UUID}/upload.json`);
      expect(Number(headers.get("content-length"))).toBe(Buffer.concat(chunks).length);
      return new Response(JSON.stringify(envelope({ uuid: UUID })));
    });
    const audio = Buffer.from("fake audio");
    await uploadProductionInput(
      "tok",
      UUID,
      {
        inputFile: { stream: Readable.from([audio]), size: audio.length, filename: "ep.mp3", contentType: "audio/mpeg" },
        image: { stream: Readable.from([Buffer.from("png")]), size: 3, filename: "cover.png", contentType: "image/png" },
      },
      { deadlineMs: 5_000 },
    );
    const form = received as unknown as FormData;
    expect(Buffer.from(await (form.get("input_file") as File).arrayBuffer()).toString()).toBe("fake audio");
    expect((form.get("image") as File).type).toBe("image/png");
    expect((headers as unknown as Headers).get("authorization")).toBe("Bearer tok");
  });

  it("says Auphonic is unreachable when the deadline passes mid-upload", async () => {
    vi.stubGlobal("fetch", (_input: URL, init: RequestInit) => new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason))));
    const never = new Readable({ read() {} });
    const error = await errorOf(uploadProductionInput("tok", UUID, { inputFile: { stream: never, size: 10, filename: "a.mp3", contentType: "audio/mpeg" } }, { deadlineMs: 50 }));
    expect(error.code).toBe("AUPHONIC_UNAVAILABLE");
    expect(error.message).toMatch(/timed out/);
  });
});

describe("startProduction / getProductionStatus", () => {
  it("starts with a POST, and a 400 (no input file) is a refusal", async () => {
    const seen = answer(200, envelope({ uuid: UUID, status: 1 }));
    await startProduction("tok", UUID);
    expect(seen[0]!.init.method).toBe("POST");
    expect(seen[0]!.url.pathname).toBe(`/api/production/${UUID}/start.json`);
    answer(400, envelope(null, { status_code: 400, error_message: "No input file." }));
    expect(await errorOf(startProduction("tok", UUID))).toMatchObject({ code: "BAD_REQUEST", message: "No input file." });
  });

  it("reads the status (a numeric string too) and refuses one that is not a status", async () => {
    answer(200, envelope({ status: 4, status_string: "Audio Processing" }));
    expect(await getProductionStatus("tok", UUID)).toEqual({ status: 4, statusString: "Audio Processing" });
    answer(200, envelope({ status: "3", status_string: null }));
    expect(await getProductionStatus("tok", UUID)).toEqual({ status: 3, statusString: "" });
    for (const data of [null, {}, { status: "Done" }, { status: -1 }, { status: 1.5 }, [3]]) {
      answer(200, envelope(data));
      expect((await errorOf(getProductionStatus("tok", UUID))).code).toBe("AUPHONIC_UNAVAILABLE");
    }
  });
});
