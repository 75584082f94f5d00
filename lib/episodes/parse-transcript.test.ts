import { describe, expect, it } from "vitest";
import { cueText, parseTranscript } from "./parse-transcript";

describe("parseTranscript", () => {
  it("reads WebVTT cues with speakers and drops other markup", () => {
    const vtt = "WEBVTT\n\n00:00:01.500 --> 00:00:03.000\n<v Alice>Hello <b>there</b>\n\n00:01:00.000 --> 00:01:02.000\n<v.loud Bob>Hi & bye < soon\n";
    expect(parseTranscript(vtt, "k.vtt", "WebVTT")).toEqual({
      key: "k.vtt",
      format: "WebVTT",
      cues: [
        { startSec: 1.5, text: "Alice: Hello there" },
        { startSec: 60, text: "Bob: Hi & bye < soon" },
      ],
    });
  });

  it("keeps what is not a tag: an unclosed '<', an empty '<>', a voice without a name", () => {
    expect(cueText("a < b")).toBe("a < b");
    expect(cueText("x <> y")).toBe("x <> y");
    expect(cueText("<v>text</v>")).toBe("text");
    expect(cueText("<c.red>red</c> <i>it</i>")).toBe("red it");
  });

  it("takes a 2 MB crafted cue in one pass (the old clean-up's regular expressions took quadratic time on it)", () => {
    const hostile = "<v ".repeat(700_000);
    const vtt = `WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${hostile}\n`;
    expect(vtt.length).toBeGreaterThan(2_000_000);
    const parsed = parseTranscript(vtt, "k.vtt", "WebVTT");
    expect(parsed?.cues).toHaveLength(1);
    // No tag ever closes: all of it stays text.
    const text = parsed!.cues[0]!.text;
    expect(text.length).toBeGreaterThanOrEqual(hostile.length - 1);
    expect(text.split("<v").every((part) => part === "" || part === " ")).toBe(true);
    // One tag from the first "<" to the only ">": one speaker.
    expect(cueText(`${"<v a".repeat(500_000)}>`)).toBe(`a${"<v a".repeat(499_999)}: `);
  });
});
