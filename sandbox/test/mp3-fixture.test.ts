// SANDBOX_MP3_FIXTURE: another file served as every production's MP3 result (benchmarks with large files).
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfigFromEnv } from "../config.js";
import { getFixture, overrideFixture } from "../fixtures.js";
import { api, control, signIn, startTestSandbox } from "./helpers.js";

const original = getFixture("mp3").path;
const file = path.join(mkdtempSync(path.join(tmpdir(), "sandbox-mp3-")), "big.mp3");
// Larger than the 1 MiB chunks the MD5 is computed in, and not a multiple of them.
const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 0x5a);
writeFileSync(file, bytes);
const md5 = createHash("md5").update(bytes).digest("hex");

afterAll(() => overrideFixture("mp3", original));

describe("SANDBOX_MP3_FIXTURE", () => {
  it("is read from the environment and must name a file", () => {
    expect(readConfigFromEnv({ SANDBOX_MP3_FIXTURE: file }).mp3Fixture).toBe(file);
    expect(readConfigFromEnv({}).mp3Fixture).toBeUndefined();
    expect(() => readConfigFromEnv({ SANDBOX_MP3_FIXTURE: path.join(tmpdir(), "no-such-file.mp3") })).toThrow(/SANDBOX_MP3_FIXTURE/);
  });

  it("replaces the MP3 result: size and checksum in output_files, the bytes in storage", async () => {
    expect(overrideFixture("mp3", file)).toMatchObject({ size: bytes.length, md5, contentType: "audio/mpeg" });
    const t = await startTestSandbox();
    try {
      const token = await signIn(t.base, "alice");
      const created = await control<{ output_files: { ending: string; size: number; checksum: string; download_url: string }[] }>(t.base, "/productions", { username: "alice", deliver: false });
      const mp3 = created.body.output_files.find((output) => output.ending === "mp3")!;
      expect(mp3).toMatchObject({ size: bytes.length, checksum: md5 });
      const redirect = await api(t.base, new URL(mp3.download_url).pathname, token);
      const response = await fetch(redirect.headers.get("location")!);
      const body = Buffer.from(await response.arrayBuffer());
      expect(createHash("md5").update(body).digest("hex")).toBe(md5);
    } finally {
      await t.sandbox.close();
    }
  });
});
