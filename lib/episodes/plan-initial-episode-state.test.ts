// The first version's policy, shared by imports and uploads published as they are.
import { describe, expect, it } from "vitest";
import { planInitialEpisodeState } from "./plan-initial-episode-state";

const now = new Date("2026-12-06T10:00:00Z");
const verified = { isVerified: true };

describe("planInitialEpisodeState", () => {
  it("publishes, keeps a draft or schedules as the connection says, for a verified show", () => {
    expect(planInitialEpisodeState({ publishState: "publish" }, verified, "UTC", now)).toEqual({ state: "published", scheduledAt: null });
    expect(planInitialEpisodeState({ publishState: "draft" }, verified, "UTC", now)).toEqual({ state: "draft", scheduledAt: null });
    expect(planInitialEpisodeState({}, verified, "UTC", now)).toEqual({ state: "draft", scheduledAt: null });
    expect(planInitialEpisodeState({ publishState: "schedule", publishDelayHours: 5 }, verified, "UTC", now)).toEqual({ state: "draft", scheduledAt: new Date("2026-12-06T15:00:00Z") });
  });

  it("publishes and schedules nothing in a moved-in show not yet verified", () => {
    const unverified = { isVerified: false };
    expect(planInitialEpisodeState({ publishState: "publish" }, unverified, "UTC", now)).toEqual({ state: "draft", scheduledAt: null });
    expect(planInitialEpisodeState({ publishState: "schedule", publishDelayHours: 5 }, unverified, "UTC", now)).toEqual({ state: "draft", scheduledAt: null });
  });
});
