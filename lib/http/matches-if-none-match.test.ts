import { describe, expect, it } from "vitest";
import { matchesIfNoneMatch } from "./matches-if-none-match";

describe("matchesIfNoneMatch", () => {
  it("compares weakly, within a list, and with *", () => {
    expect(matchesIfNoneMatch('"abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc" ,"y"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch("*", '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('"abc-gz"', '"abc"')).toBe(true);
  });

  it("does not match other tags or malformed values", () => {
    expect(matchesIfNoneMatch('"abd"', '"abc"')).toBe(false);
    expect(matchesIfNoneMatch("abc", '"abc"')).toBe(false);
    expect(matchesIfNoneMatch("", '"abc"')).toBe(false);
    expect(matchesIfNoneMatch('"abc"x', '"abc"')).toBe(false);
  });
});
