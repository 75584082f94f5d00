import { parseCustomData, type KnownCustomData } from "@/lib/connections/custom-data";

/** Shown when the value is not a custom_data Podhaven accepts; the JSON view on the connection page says why. */
export const UNREADABLE_POLICY = "Settings Podhaven cannot read (see “Edit as JSON” on the connection's page)";

const EPISODE_TYPES = { full: "full episodes", bonus: "bonus episodes", trailer: "trailers" } as const;

/**
 * What a connection does with a finished production, in a short sentence such as "Publishes at once · full episodes"
 * or "Publishes at 09:00 the next Tuesday · bonus episodes · plus 2 custom settings". Takes the stored custom_data
 * text (or an object); only validated known fields are put into words and extra keys are only counted, so the
 * sentence stays short whatever a creator (or Auphonic) stored.
 */
export function describeConnectionPolicy(customData: unknown): string {
  const parsed = parseCustomData(toText(customData));
  if (!parsed.ok) return UNREADABLE_POLICY;
  const { known, unknownKeys } = parsed;
  const parts = [describeRelease(known), EPISODE_TYPES[known.episodeType ?? "full"]];
  if (known.season !== undefined) parts.push(`season ${known.season}`);
  if (known.explicit !== undefined) parts.push(known.explicit ? "marked explicit" : "marked not explicit");
  if (unknownKeys.length > 0) parts.push(`plus ${unknownKeys.length} custom setting${unknownKeys.length === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

function toText(customData: unknown): string {
  if (typeof customData === "string") return customData;
  if (typeof customData !== "object" || customData === null) return "";
  try {
    // Cycles and BigInts throw; anything else too large is refused by parseCustomData's size limit.
    return JSON.stringify(customData) ?? "";
  } catch {
    return "";
  }
}

// Without publishState an import makes a draft (lib/episodes/plan-initial-episode-state.ts).
function describeRelease(known: KnownCustomData): string {
  if (known.publishState === "publish") return "Publishes at once";
  if (known.publishState !== "schedule") return "Saves drafts";
  if (known.publishDelayHours !== undefined) {
    return `Publishes ${known.publishDelayHours} hour${known.publishDelayHours === 1 ? "" : "s"} after the import`;
  }
  const at = known.publishAt!;
  if (at.weekday === undefined) return `Publishes at the next ${at.time}`;
  return `Publishes at ${at.time} the next ${at.weekday[0]!.toUpperCase()}${at.weekday.slice(1)}`;
}
