import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { MultipartError, parseHeaderParameters, receiveMultipartFiles } from "../multipart.js";

const dir = mkdtempSync(join(tmpdir(), "sandbox-multipart-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const boundary = "----podhavenBOUNDARY";
// Content that nearly contains the delimiter, so a match split across chunks would show.
const tricky = Buffer.concat([
  Buffer.from(`\r\n--${boundary.slice(0, -1)}X\r\n-`),
  randomBytes(3000),
  Buffer.from(`\r\n--${boundary.slice(0, 10)}`),
]);

function body(parts: { name: string; filename?: string; bytes: Buffer }[]): Buffer {
  const pieces: Buffer[] = [Buffer.from("preamble to ignore\r\n")];
  for (const part of parts) {
    const filename = part.filename === undefined ? "" : `; filename="${part.filename}"`;
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\nContent-Type: audio/mpeg\r\n\r\n`));
    pieces.push(part.bytes, Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\nepilogue`));
  return Buffer.concat(pieces);
}

function inChunks(bytes: Buffer, size: (index: number) => number): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0, index = 0; offset < bytes.length; index++) {
    const length = Math.max(1, size(index));
    chunks.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return Readable.from(chunks);
}

const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");
const options = { boundary, dir, maxBytes: 1_000_000, fileFields: ["input_file", "image"] as const };

describe("receiveMultipartFiles", () => {
  it("writes each file part to disk intact, however the body is cut into chunks", async () => {
    const image = randomBytes(777);
    const whole = body([
      { name: "title", bytes: Buffer.from("a field") },
      { name: "input_file", filename: "ep.mp3", bytes: tricky },
      { name: "other", filename: "dropped.bin", bytes: randomBytes(100) },
      { name: "image", filename: "c.png", bytes: image },
    ]);
    for (const size of [() => 1, () => 7, () => boundary.length + 3, () => 65_536, (i: number) => (i * 37) % 251]) {
      const files = await receiveMultipartFiles(inChunks(whole, size), options);
      expect([...files.keys()].sort()).toEqual(["image", "input_file"]);
      const input = files.get("input_file")!;
      expect(input).toMatchObject({ filename: "ep.mp3", size: tricky.length, md5: md5(tricky), contentType: "audio/mpeg" });
      expect(md5(readFileSync(input.path))).toBe(md5(tricky));
      expect(files.get("image")!.md5).toBe(md5(image));
      expect(input.head.equals(tricky.subarray(0, 65_536))).toBe(true);
    }
  });

  it("stops at the size limit, removes what it wrote and names the field", async () => {
    const before = readdirSync(dir).length;
    const whole = body([{ name: "input_file", filename: "big.mp3", bytes: randomBytes(5000) }]);
    const error = await receiveMultipartFiles(inChunks(whole, () => 512), { ...options, maxBytes: 4000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultipartError);
    expect((error as MultipartError).field).toBe("input_file");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readdirSync(dir).length).toBe(before);
  });

  it("refuses a body without its closing boundary, a part without a name, and a duplicate file", async () => {
    const whole = body([{ name: "input_file", filename: "a.mp3", bytes: Buffer.from("abc") }]);
    const cut = whole.subarray(0, whole.length - 20);
    await expect(receiveMultipartFiles(inChunks(cut, () => 9), options)).rejects.toBeInstanceOf(MultipartError);
    const nameless = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--\r\n`);
    await expect(receiveMultipartFiles(inChunks(nameless, () => 5), options)).rejects.toThrow(/name/);
    const twice = body([
      { name: "input_file", filename: "a.mp3", bytes: Buffer.from("abc") },
      { name: "input_file", filename: "b.mp3", bytes: Buffer.from("def") },
    ]);
    await expect(receiveMultipartFiles(inChunks(twice, () => 64), options)).rejects.toThrow(/once/);
  });
});

describe("parseHeaderParameters", () => {
  it("reads quoted values with semicolons and escapes", () => {
    const { main, params } = parseHeaderParameters('form-data; name="input_file"; filename="a;b \\"c\\".mp3"');
    expect(main).toBe("form-data");
    expect(params.get("name")).toBe("input_file");
    expect(params.get("filename")).toBe('a;b "c".mp3');
    expect(parseHeaderParameters("multipart/form-data; BOUNDARY=xyz").params.get("boundary")).toBe("xyz");
  });
});
