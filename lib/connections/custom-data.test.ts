import { describe, expect, it } from "vitest";
import { CUSTOM_DATA_MAX_BYTES, parseCustomData, presetText } from "./custom-data";

describe("parseCustomData", () => {
  it("accepts presets and keeps unknown keys", () => {
    const result = parseCustomData('{"publishState":"draft","season":2,"explicit":false,"network":"Family"}');
    expect(result).toMatchObject({
      ok: true,
      known: { publishState: "draft", season: 2, explicit: false },
      unknownKeys: ["network"],
    });
    expect(parseCustomData(presetText("publish")).ok).toBe(true);
  });

  it("gives line and column of a syntax error", () => {
    const result = parseCustomData('{\n  "publishState": "draft",\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^Not valid JSON at line 3, column 1/);
  });

  it("refuses non-objects, empty input and oversize documents", () => {
    for (const text of ["[]", "42", '"x"', "null", "", "   "]) expect(parseCustomData(text).ok).toBe(false);
    const big = JSON.stringify({ note: "x".repeat(CUSTOM_DATA_MAX_BYTES) });
    const result = parseCustomData(big);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/Too long/);
  });

  it("names wrongly typed known keys", () => {
    const result = parseCustomData('{"publishState":"now","season":"2","explicit":"yes","episodeType":"full"}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        expect.stringMatching(/^"publishState" must be "publish", "draft" or "schedule"/),
        expect.stringMatching(/^"season" must be a whole number/),
        expect.stringMatching(/^"explicit" must be true or false/),
      ]);
    }
  });
});
