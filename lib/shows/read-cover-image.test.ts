import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COVER_MAX_BYTES, readCoverImage } from "./read-cover-image";

const cover = new Uint8Array(readFileSync("sandbox/fixtures/cover.jpg"));
const onePixelPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

function upload(bytes: Uint8Array<ArrayBuffer>, name = "cover.jpg") {
  return new File([bytes], name);
}

async function coverError(file: File) {
  const error = await readCoverImage(file).then(() => null, (caught: unknown) => caught);
  expect(error).toMatchObject({ code: "BAD_REQUEST" });
  return (error as { fieldErrors: { cover: string[] } }).fieldErrors.cover[0];
}

describe("readCoverImage", () => {
  it("accepts a square 1400 px JPEG and names it by content", async () => {
    const image = await readCoverImage(upload(cover));
    expect(image.extension).toBe("jpg");
    expect(image.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(image.bytes.length).toBe(cover.length);
  });

  it("refuses what Apple refuses, saying why", async () => {
    expect(await coverError(upload(onePixelPng, "x.png"))).toMatch(/between 1400 and 3000 pixels wide; this one is 1/);
    expect(await coverError(upload(readFileSync("sandbox/fixtures/chapter.jpg")))).toMatch(/square|pixels/);
    expect(await coverError(upload(gif, "x.gif"))).toMatch(/JPEG or PNG image, not GIF/);
    expect(await coverError(upload(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "x.svg"))).toMatch(/JPEG or PNG/);
    expect(await coverError(upload(Buffer.from("definitely not an image")))).toMatch(/not one/);
    expect(await coverError(upload(new Uint8Array(COVER_MAX_BYTES + 1)))).toMatch(/larger than 10 MB/);
  });
});
