import { isbot } from "isbot";

// The one table that names podcast apps from their user agents (after the Open Podcast Analytics Working Group's
// list, github.com/opawg/user-agents-v2, and the apps' own documentation). First match wins, so the more specific
// patterns come first. Feed fetchers and crawlers of podcast services come first, marked `isBot`.
type AppPattern = { pattern: RegExp; app: string; isBot?: boolean };

export const PODCAST_APPS: readonly AppPattern[] = [
  // Directory and app back ends fetching feeds or checking files: not listeners.
  { pattern: /Feed Parser|Podcast Sync|FeedFetcher|PodcastIndex|Podchaser|Podnews|iTMS|Spotify-Podcast-Checker/i, app: "Crawler", isBot: true },
  { pattern: /^Spotify\/|Spotify/i, app: "Spotify" },
  { pattern: /^Overcast\//, app: "Overcast" },
  { pattern: /Pocket ?Casts/i, app: "Pocket Casts" },
  { pattern: /^Castro\b/, app: "Castro" },
  { pattern: /AntennaPod/i, app: "AntennaPod" },
  { pattern: /gPodder/i, app: "gPodder" },
  { pattern: /PodcastAddict/i, app: "Podcast Addict" },
  { pattern: /CastBox/i, app: "Castbox" },
  { pattern: /Podbean/i, app: "Podbean" },
  { pattern: /Podcast ?Guru/i, app: "Podcast Guru" },
  { pattern: /Podcast ?Republic/i, app: "Podcast Republic" },
  { pattern: /Fountain/i, app: "Fountain" },
  { pattern: /Podverse/i, app: "Podverse" },
  { pattern: /Player ?FM/i, app: "Player FM" },
  { pattern: /Deezer/i, app: "Deezer" },
  { pattern: /iHeartRadio/i, app: "iHeartRadio" },
  { pattern: /AmazonMusic|Amazon Music|^Echo\/|Alexa/i, app: "Amazon Music" },
  { pattern: /YouTube ?Music|com\.google\.android\.apps\.youtube\.music/i, app: "YouTube Music" },
  { pattern: /Google-Podcast|com\.google\.android\.apps\.podcasts/i, app: "Google Podcasts" },
  { pattern: /^Podcasts\/|^Balados\/|^Podcast\/|^Podcasti\/|^Podcasty\/|^Podcasts(?:%20| )|AppleCoreMedia|iTunes\/|watchOS\/.*\(Podcasts/, app: "Apple Podcasts" },
  // Android apps that keep their HTTP library's user agent (isbot counts okhttp as a bot; these are players).
  { pattern: /^okhttp\/|ExoPlayer|^Dalvik\/|^stagefright\//i, app: "Android app (unnamed)" },
  { pattern: /Edg\//, app: "Browser (Edge)" },
  { pattern: /Firefox\//, app: "Browser (Firefox)" },
  { pattern: /Chrome\/|CriOS\//, app: "Browser (Chrome)" },
  { pattern: /Safari\//, app: "Browser (Safari)" },
];

// Podcast apps that `isbot` takes for bots (they put "+http://…" in their user agent, as crawlers do, or keep their
// HTTP library's name): anchored to the app's own form, so a crawler that merely mentions an app stays a bot.
const LISTENERS_ISBOT_MISTAKES: readonly RegExp[] = [
  /^Overcast\/[\d.]+ \(\+http:\/\/overcast\.fm\/; iOS podcast app\)$/,
  /^PodcastAddict\/v\d+ /,
  /^gPodder\/[\d.]+ /,
  /^Pocket ?Casts(?:\/[\d.]+)?$/,
  /^okhttp\/[\d.]+$/,
];

export type ClientClass = { app: string; isBot: boolean };

/**
 * Names the app behind a user agent and says whether it is a bot: a blank user agent, a known crawler, or anything
 * `isbot` (a maintained list) recognises, except the podcast apps it is known to mistake.
 */
export function classifyUserAgent(userAgent: string): ClientClass {
  const trimmed = userAgent.trim();
  if (!trimmed) return { app: "Unknown", isBot: true };
  const known = PODCAST_APPS.find(({ pattern }) => pattern.test(trimmed));
  const app = known?.app ?? "Other";
  if (known?.isBot) return { app, isBot: true };
  return { app, isBot: isbot(trimmed) && !LISTENERS_ISBOT_MISTAKES.some((pattern) => pattern.test(trimmed)) };
}
