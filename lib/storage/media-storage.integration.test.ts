// The storage port against both adapters: the local folder and a real S3-protocol server (s3rver), never a mock.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startS3TestServer } from "@/lib/testing/s3-test-server";
import { LocalAdapter } from "./local-adapter";
import { MediaStorage, TooLargeError } from "./media-storage";
import { S3Adapter } from "./s3-adapter";

const s3 = await startS3TestServer();
const folder = mkdtempSync(path.join(tmpdir(), "podhaven-storage-"));
afterAll(async () => {
  await s3.stop();
  rmSync(folder, { recursive: true, force: true });
});

const s3Config = { endpoint: s3.endpoint, region: "us-east-1", bucket: s3.bucket, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }, forcePathStyle: true };
const drivers = [
  { name: "local", storage: new MediaStorage(new LocalAdapter(folder), null) },
  { name: "s3", storage: new MediaStorage(new S3Adapter(s3Config), `${s3.endpoint}/${s3.bucket}`) },
];

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");
const text = async (stream: Readable | null) => {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
/** A stream of `bytes` in chunks, optionally failing after `failAfter` bytes. */
function chunked(bytes: Buffer, { chunk = 64 * 1024, failAfter }: { chunk?: number; failAfter?: number } = {}) {
  let offset = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && offset >= failAfter) return this.destroy(new Error("the source broke off"));
      if (offset >= bytes.length) return this.push(null);
      this.push(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

describe.each(drivers)("storage port ($name)", ({ name, storage }) => {
  beforeEach(async () => {
    await storage.deletePrefix("t/");
  });
  const options = (bytes: Uint8Array) => ({ contentType: "audio/mpeg", expectedSize: bytes.length, md5: md5(bytes), maxBytes: 100 * 1024 * 1024 });

  it("puts a stream with its size and MD5 checked, then heads, opens and ranges it", async () => {
    const bytes = randomBytes(300_000);
    await expect(storage.put("t/a/episode.mp3", chunked(bytes), options(bytes))).resolves.toEqual({ size: bytes.length, md5: md5(bytes) });
    expect(await storage.head("t/a/episode.mp3")).toMatchObject({ size: bytes.length });
    expect((await text(await storage.open("t/a/episode.mp3")))!.equals(bytes)).toBe(true);
    expect((await text(await storage.open("t/a/episode.mp3", { start: 0, end: 1 })))!.equals(bytes.subarray(0, 2))).toBe(true);
    expect((await text(await storage.open("t/a/episode.mp3", { start: 0, end: 0 })))!.equals(bytes.subarray(0, 1))).toBe(true);
    expect((await storage.readRange("t/a/episode.mp3", { start: 0, end: 1 }))!.equals(bytes.subarray(0, 2))).toBe(true);
    expect((await storage.readRange("t/a/episode.mp3", { start: 1000, end: 70_999 }))!.equals(bytes.subarray(1000, 71_000))).toBe(true);
    expect(await storage.readRange("t/a/missing.mp3", { start: 0, end: 1 })).toBeNull();
    expect((await text(await storage.open("t/a/episode.mp3", { start: 299_999, end: 299_999 })))!.equals(bytes.subarray(299_999))).toBe(true);
    expect((await text(await storage.open("t/a/episode.mp3", { start: 1000, end: 299_999 })))!.equals(bytes.subarray(1000))).toBe(true);
  });

  it("puts Web streams and bytes too, and a second put replaces the first", async () => {
    const first = randomBytes(1000);
    const second = randomBytes(2000);
    await storage.put("t/b/file.vtt", Readable.toWeb(chunked(first)) as ReadableStream<Uint8Array>, options(first));
    expect((await storage.readRange("t/b/file.vtt", { start: 0, end: 9 }))!.equals(first.subarray(0, 10))).toBe(true); // now open
    await storage.put("t/b/file.vtt", second, options(second));
    expect((await storage.readRange("t/b/file.vtt", { start: 0, end: 9 }))!.equals(second.subarray(0, 10))).toBe(true);
    expect((await text(await storage.open("t/b/file.vtt")))!.equals(second)).toBe(true);
  });

  it("a file larger than a multipart part (8 MB) streams in parts and reads back whole", async () => {
    const bytes = randomBytes(20 * 1024 * 1024);
    await storage.put("t/big/episode.mp3", chunked(bytes, { chunk: 1024 * 1024 }), options(bytes));
    const stored = await text(await storage.open("t/big/episode.mp3"));
    expect(md5(stored!)).toBe(md5(bytes));
    // Copied chunk by chunk into a writer (the adapter may reuse its buffers, so the writer copies them).
    const copied: Buffer[] = [];
    const range = { start: 3, end: 2_500_000 };
    expect(await storage.copyRange("t/big/episode.mp3", range, async (chunk) => void copied.push(Buffer.from(chunk)))).toBe(true);
    expect(Buffer.concat(copied).equals(bytes.subarray(range.start, range.end + 1))).toBe(true);
    expect(await storage.copyRange("t/big/missing.mp3", range, async () => undefined)).toBe(false);
    // A writer that fails (the listener left) stops the copy with its error.
    await expect(storage.copyRange("t/big/episode.mp3", range, async () => Promise.reject(new Error("left")))).rejects.toThrow("left");
  });

  for (const [label, size] of [["small", 100_000], ["multipart", 18 * 1024 * 1024]] as const) {
    it(`a ${label} put whose MD5, size or limit is wrong, or whose source breaks off or is aborted, stores nothing`, async () => {
      const bytes = randomBytes(size);
      const key = `t/bad-${label}/episode.mp3`;
      await expect(storage.put(key, chunked(bytes), { ...options(bytes), md5: "0".repeat(32) })).rejects.toThrow(/checksum/);
      await expect(storage.put(key, chunked(bytes), { ...options(bytes), expectedSize: size + 1 })).rejects.toThrow(/Incomplete download/);
      await expect(storage.put(key, chunked(bytes), { ...options(bytes), maxBytes: size - 1 })).rejects.toBeInstanceOf(TooLargeError);
      await expect(storage.put(key, chunked(bytes, { failAfter: Math.floor(size / 2) }), options(bytes))).rejects.toThrow(/broke off/);
      const controller = new AbortController();
      const slow = chunked(bytes, { chunk: 16 * 1024 });
      let seen = 0;
      slow.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > size / 2) controller.abort(new Error("the run lost its job"));
      });
      await expect(storage.put(key, slow, { ...options(bytes), signal: controller.signal })).rejects.toThrow();
      expect(await storage.head(key)).toBeNull();
      expect(await storage.list(`t/bad-${label}/`)).toEqual([]);
    });
  }

  it("lists, deletes one key, a folder, and every name that starts with a prefix", async () => {
    for (const key of ["t/e1/v1-aaaa/a.mp3", "t/e1/v1-bbbb/a.mp3", "t/e1/v2-cccc/a.mp3", "t/e1/cover.jpg", "t/e2/a.mp3"]) await storage.put(key, Buffer.from(key), { contentType: "audio/mpeg", maxBytes: 100 });
    expect(await storage.list("t/e1/")).toEqual(["t/e1/cover.jpg", "t/e1/v1-aaaa/a.mp3", "t/e1/v1-bbbb/a.mp3", "t/e1/v2-cccc/a.mp3"]);
    await storage.deletePrefix("t/e1/v1-");
    expect(await storage.list("t/e1/")).toEqual(["t/e1/cover.jpg", "t/e1/v2-cccc/a.mp3"]);
    await storage.delete("t/e1/cover.jpg");
    await storage.delete("t/e1/cover.jpg"); // twice: no error
    await storage.deletePrefix("t/e1/");
    await storage.deletePrefix("t/none/");
    expect(await storage.list("t/")).toEqual(["t/e2/a.mp3"]);
  });

  it("a missing key heads and opens as null", async () => {
    expect(await storage.head("t/missing.mp3")).toBeNull();
    expect(await storage.open("t/missing.mp3")).toBeNull();
    expect(await storage.readBytes("t/missing.mp3", 10)).toBeNull();
  });

  it("refuses keys that are not relative paths of safe segments", async () => {
    for (const key of ["../escape.mp3", "t/../../escape.mp3", "/absolute.mp3", "t//double.mp3", "t/./dot.mp3", "t\\back.mp3"]) {
      await expect(storage.put(key, Buffer.from("x"), { contentType: "audio/mpeg", maxBytes: 10 }), key).rejects.toThrow(/Not a media key/);
      expect(() => storage.open(key)).toThrow(/Not a media key/);
    }
  });

  it(name === "s3" ? "gives public URLs under the base, and presigned URLs that read the object" : "has no public or presigned URLs of its own", async () => {
    await storage.put("t/p/a b.mp3", Buffer.from("presigned"), { contentType: "audio/mpeg", maxBytes: 100 });
    if (name === "local") {
      expect(storage.publicUrl("t/p/a b.mp3")).toBeNull();
      expect(await storage.presignedUrl("t/p/a b.mp3", 60)).toBeNull();
      return;
    }
    expect(storage.publicUrl("t/p/a b.mp3")).toBe(`${s3.endpoint}/${s3.bucket}/t/p/a%20b.mp3`);
    const signed = await storage.presignedUrl("t/p/a b.mp3", 60);
    expect(signed).toMatch(/X-Amz-Signature=/);
    const response = await fetch(signed!);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("presigned");
  });

  it("checks that the store is usable", async () => {
    await expect(storage.check()).resolves.toBeUndefined();
  });
});

it("an S3 bucket that does not exist fails the check", async () => {
  const missing = new MediaStorage(new S3Adapter({ ...s3Config, bucket: "no-such-bucket" }), null);
  await expect(missing.check()).rejects.toThrow();
});
