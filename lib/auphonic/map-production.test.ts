import { describe, expect, it } from "vitest";
import { cleanText, mapProduction, selectOutputFiles } from "./map-production";
import type { AuphonicProduction } from "./production";

const production = (fields: Partial<AuphonicProduction>) => ({ uuid: "u", status: 3, ...fields }) as AuphonicProduction;

describe("cleanText", () => {
  it("makes lone surrogates U+FFFD and drops control characters but tab and newline", () => {
    expect(cleanText("a\uD800b\uDC00c")).toBe("a\uFFFDb\uFFFDc");
    expect(cleanText("😀 stays")).toBe("😀 stays");
    expect(cleanText("nul\u0000 bell\u0007 esc\u001b del\u007f c1\u0085 tab\t nl\n")).toBe("nul bell esc del c1 tab\t nl\n");
    expect(cleanText(null)).toBeNull();
  });
});

describe("mapProduction", () => {
  it("cleans every text it takes from Auphonic's metadata and chapters", () => {
    const mapped = mapProduction(
      production({
        metadata: { title: "Bad\u0000 title\uD800", subtitle: "\u0007", summary: "one\r\ntwo\u0000", publisher: "P\u0001", license: "L\uDFFF", tags: ["a\u0000b", "\u0000"] },
        chapters: [{ title: "Ch\u0000apter\uD83D", start_output_sec: 1 }],
      }),
      {},
    );
    expect(mapped).toMatchObject({
      title: "Bad title\uFFFD",
      subtitle: null,
      summary: "one\ntwo",
      publisher: "P",
      license: "L\uFFFD",
      tags: ["ab"],
      chapters: [{ title: "Chapter\uFFFD", startSec: 1 }],
    });
  });
});

describe("selectOutputFiles", () => {
  it("keeps two results whose names reduce to the same safe name, under distinct names", () => {
    const files = selectOutputFiles(
      production({
        output_files: [
          { format: "mp3", filename: "episode 12.mp3", download_url: "https://auphonic.example/a" },
          { format: "mp3-vbr", filename: "episode?12.mp3", download_url: "https://auphonic.example/b" },
          { format: "mp3-vbr", filename: "episode 12.mp3", download_url: "https://auphonic.example/c" },
          { format: "subtitle", filename: "episode-12", download_url: "https://auphonic.example/d" },
          { format: "subtitle", filename: "episode-12", download_url: "https://auphonic.example/e" },
        ],
      }),
    );
    expect(files.map((file) => file.filename)).toEqual(["episode-12.mp3", "episode-12-2.mp3", "episode-12-3.mp3", "episode-12", "episode-12-2"]);
    expect(files.filter((file) => file.isEnclosure).map((file) => file.downloadUrl)).toEqual(["https://auphonic.example/a"]);
  });
});
