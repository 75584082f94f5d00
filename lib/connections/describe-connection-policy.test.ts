import { describe, expect, it } from "vitest";
import { CUSTOM_DATA_MAX_BYTES, CUSTOM_DATA_PRESETS, WEEKDAYS } from "./custom-data";
import { describeConnectionPolicy, UNREADABLE_POLICY } from "./describe-connection-policy";

const describeJson = (value: unknown) => describeConnectionPolicy(JSON.stringify(value));

describe("describeConnectionPolicy", () => {
  it("puts the release into words: at once, drafts (also when unset), a weekday and time, the next time, hours later", () => {
    expect(describeJson({ publishState: "publish" })).toBe("Publishes at once · full episodes");
    expect(describeJson({ publishState: "draft" })).toBe("Saves drafts · full episodes");
    expect(describeJson({})).toBe("Saves drafts · full episodes");
    expect(describeJson({ publishState: "schedule", publishAt: { weekday: "tuesday", time: "09:00" } })).toBe(
      "Publishes at 09:00 the next Tuesday · full episodes",
    );
    expect(describeJson({ publishState: "schedule", publishAt: { time: "23:59" } })).toBe("Publishes at the next 23:59 · full episodes");
    expect(describeJson({ publishState: "schedule", publishDelayHours: 1 })).toBe("Publishes 1 hour after the import · full episodes");
    expect(describeJson({ publishState: "schedule", publishDelayHours: 48 })).toBe("Publishes 48 hours after the import · full episodes");
    for (const weekday of WEEKDAYS) {
      expect(describeJson({ publishState: "schedule", publishAt: { weekday, time: "06:00" } })).toMatch(/^Publishes at 06:00 the next [A-Z][a-z]+day ·/);
    }
  });

  it("names the episode type, season and explicit flag", () => {
    expect(describeJson({ publishState: "draft", episodeType: "bonus" })).toBe("Saves drafts · bonus episodes");
    expect(describeJson({ publishState: "publish", episodeType: "trailer" })).toBe("Publishes at once · trailers");
    expect(describeJson({ episodeType: "full", season: 3 })).toBe("Saves drafts · full episodes · season 3");
    expect(describeJson({ explicit: true })).toBe("Saves drafts · full episodes · marked explicit");
    expect(describeJson({ explicit: false })).toBe("Saves drafts · full episodes · marked not explicit");
  });

  it("counts the creator's own keys without printing them", () => {
    expect(describeJson({ publishState: "publish", network: "Kids" })).toBe("Publishes at once · full episodes · plus 1 custom setting");
    expect(describeJson({ publishState: "draft", network: "Kids", tier: "members", "<script>": 1 })).toBe(
      "Saves drafts · full episodes · plus 3 custom settings",
    );
  });

  it("describes every preset", () => {
    expect(Object.fromEntries(Object.entries(CUSTOM_DATA_PRESETS).map(([name, preset]) => [name, describeJson(preset.value)]))).toEqual({
      publish: "Publishes at once · full episodes",
      draft: "Saves drafts · full episodes",
      bonus: "Publishes at once · bonus episodes",
      trailer: "Saves drafts · trailers",
      scheduled: "Publishes at 06:00 the next Friday · full episodes",
    });
  });

  it("accepts the object as well as its text", () => {
    expect(describeConnectionPolicy({ publishState: "publish", episodeType: "bonus" })).toBe("Publishes at once · bonus episodes");
  });

  it("says it cannot read values of the wrong type or shape", () => {
    for (const hostile of [
      '{"publishState": "later"}',
      '{"publishState": 1}',
      '{"episodeType": ["full"]}',
      '{"season": "3"}',
      '{"season": 1.5}',
      '{"explicit": "yes"}',
      '{"publishState": "schedule"}',
      '{"publishState": "schedule", "publishAt": {"time": "9am"}}',
      '{"publishState": "schedule", "publishAt": {"weekday": "someday", "time": "09:00"}}',
      '{"publishState": "schedule", "publishDelayHours": 1e9}',
      '{"publishState": "publish", "publishDelayHours": 3}',
      "[1, 2]",
      "null",
      '"publish"',
      "{not json",
      "",
    ]) {
      expect(describeConnectionPolicy(hostile), hostile).toBe(UNREADABLE_POLICY);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const hostile of [undefined, null, 42, true, Symbol("x"), () => "publish", 10n, cyclic, { big: 10n }]) {
      expect(describeConnectionPolicy(hostile)).toBe(UNREADABLE_POLICY);
    }
  });

  it("stays short whatever is stored: huge strings and many keys are counted, never printed", () => {
    const longValue = "x".repeat(CUSTOM_DATA_MAX_BYTES - 40);
    const withLongValue = describeJson({ publishState: "publish", note: longValue });
    expect(withLongValue).toBe("Publishes at once · full episodes · plus 1 custom setting");
    const longKey = describeJson({ [longValue]: 1 });
    expect(longKey).toBe("Saves drafts · full episodes · plus 1 custom setting");
    const manyKeys = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`k${index}`, 0]));
    expect(describeJson(manyKeys)).toBe("Saves drafts · full episodes · plus 200 custom settings");
    // Over the size limit it is refused, not described.
    expect(describeJson({ note: "x".repeat(CUSTOM_DATA_MAX_BYTES) })).toBe(UNREADABLE_POLICY);
    const longest = describeJson({
      publishState: "schedule",
      publishAt: { weekday: "wednesday", time: "23:59" },
      episodeType: "trailer",
      season: 9999,
      explicit: false,
      ...manyKeys,
    });
    expect(longest.length).toBeLessThanOrEqual(120);
  });
});
