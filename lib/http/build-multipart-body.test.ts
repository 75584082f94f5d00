import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildMultipartBody } from "./build-multipart-body";

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A file stream that yields `size` bytes in small chunks, counting how many were read so far. */
function countingStream(size: number, chunk = 1000) {
  const state = { read: 0 };
  async function* generate() {
    while (state.read < size) {
      const length = Math.min(chunk, size - state.read);
      state.read += length;
      yield Buffer.alloc(length, state.read % 251);
    }
  }
  return { stream: generate(), state };
}

describe("buildMultipartBody", () => {
  it("writes parts a standard parser reads back, with the exact Content-Length", async () => {
    const audio = Buffer.from("ID3 fake mp3 bytes \r\n--not-a-boundary\r\n");
    const { body, contentType, contentLength } = buildMultipartBody([
      { name: "note", value: "hello" },
      { name: "input_file", filename: "épisode 1.mp3", contentType: "audio/mpeg", size: audio.length, stream: Readable.from([audio]) },
    ]);
    const bytes = await collect(body);
    expect(bytes.length).toBe(contentLength);
    const form = await new Response(new Uint8Array(bytes), { headers: { "Content-Type": contentType } }).formData();
    expect(form.get("note")).toBe("hello");
    const file = form.get("input_file") as File;
    expect(file.type).toBe("audio/mpeg");
    expect(Buffer.from(await file.arrayBuffer()).equals(audio)).toBe(true);
  });

  it("keeps a hostile filename inside its quotes: no header injection, no extra part", async () => {
    const { body, contentType } = buildMultipartBody(
      [{ name: "input_file", filename: 'a"; name="image\r\nX-Evil: 1\r\n\r\n.mp3\\', contentType: "audio/mpeg\r\nX-Evil: 2", size: 3, stream: Readable.from([Buffer.from("abc")]) }],
      "BOUNDARY",
    );
    const text = (await collect(body)).toString();
    expect(text).not.toContain("\r\nX-Evil");
    expect(text).toContain('filename="a%22; name=%22image%0D%0AX-Evil: 1%0D%0A%0D%0A.mp3\\"');
    const form = await new Response(new TextEncoder().encode(text), { headers: { "Content-Type": contentType } }).formData();
    expect([...form.keys()]).toEqual(["input_file"]);
    expect(form.get("image")).toBeNull();
  });

  it("reads the file as it is sent, never all at once", async () => {
    const size = 5_000_000;
    const { stream, state } = countingStream(size, 64 * 1024);
    const { body, contentLength } = buildMultipartBody([{ name: "input_file", filename: "big.wav", contentType: "audio/wav", size, stream }]);
    const iterator = body[Symbol.asyncIterator]();
    let total = (await iterator.next()).value!.length; // the part's header
    total += (await iterator.next()).value!.length; // the first chunk of the file
    expect(state.read).toBe(64 * 1024);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) total += next.value.length;
    expect(state.read).toBe(size);
    expect(total).toBe(contentLength);
  });

  it("fails the body when a file ends early or runs long (the declared length would lie)", async () => {
    const short = buildMultipartBody([{ name: "f", filename: "f.mp3", contentType: "audio/mpeg", size: 10, stream: Readable.from([Buffer.alloc(4)]) }]);
    await expect(collect(short.body)).rejects.toThrow(/ended after 4 of its 10 bytes/);
    const long = buildMultipartBody([{ name: "f", filename: "f.mp3", contentType: "audio/mpeg", size: 2, stream: Readable.from([Buffer.alloc(4)]) }]);
    await expect(collect(long.body)).rejects.toThrow(/longer than its 2 bytes/);
  });

  it("refuses a size that is not a byte count", () => {
    for (const size of [-1, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => buildMultipartBody([{ name: "f", filename: "f", contentType: "x/y", size, stream: Readable.from([]) }])).toThrow(/not a byte count/);
    }
  });
});
