import { describe, expect, it } from "vitest";
import { parseStartTime } from "./parse-start-time";

describe("parseStartTime", () => {
  it.each([
    ["90", 90],
    ["1:30", 90],
    ["1:02:03", 3723],
    ["0", 0],
  ])("reads %s as %d seconds", (value, seconds) => {
    expect(parseStartTime(value, 4000)).toBe(seconds);
  });

  it.each([[undefined], [["1", "2"]], [""], ["-5"], ["1:60"], ["abc"], ["1e3"], ["99999999999999"], ["5000"]])("ignores %j", (value) => {
    expect(parseStartTime(value as string | undefined, 4000)).toBeNull();
  });
});
