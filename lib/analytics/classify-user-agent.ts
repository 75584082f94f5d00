import { isbot } from "isbot";
import { PODCAST_APPS } from "./podcast-apps";

export type ClientClass = { app: string; isBot: boolean };

/**
 * Names the client behind a user agent and says whether it is a bot, the one judgement the roll-up makes: a blank
 * user agent is a bot; an entry of the table decides by its kind (a crawler never listens, an app or library always
 * does, a browser is judged by `isbot`); an agent the table does not know is judged by `isbot` alone.
 */
export function classifyUserAgent(userAgent: string): ClientClass {
  // OPAWG's first step: newlines come only from bad actors, and would let `^` match mid-string in other engines.
  const cleaned = userAgent.replace(/[\r\n]+/g, " ").trim();
  if (!cleaned) return { app: "Unknown", isBot: true };
  const entry = PODCAST_APPS.find(({ pattern }) => pattern.test(cleaned));
  if (!entry) return { app: "Other", isBot: isbot(cleaned) };
  if (entry.kind === "crawler") return { app: entry.name, isBot: true };
  if (entry.kind === "browser") return { app: entry.name, isBot: isbot(cleaned) };
  return { app: entry.name, isBot: false };
}
