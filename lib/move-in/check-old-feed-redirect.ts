import "server-only";
import { feedUrl } from "@/lib/feed/feed-urls";
import { MOVE_IN_FEED_MAX_BYTES } from "./move-in-limits";
import { AppError, isAppError } from "@/lib/errors";
import { chargeMoveInPreview } from "@/lib/quotas/charge-move-in-preview";
import { guardFeedRead, MoveInFetchError, openPublicUrl, parseFetchableUrl, readLimitedBytes } from "./open-public-url";
import { findNewFeedUrl } from "./find-new-feed-url";
import { getMoveInForUserOrThrow } from "./get-move-in-for-user";

export type RedirectCheck = {
  /** redirected: 301/308 to our feed · new-feed-url: the old feed names ours · temporary: 302/307 to ours · not-yet · unreachable */
  outcome: "redirected" | "new-feed-url" | "temporary" | "not-yet" | "unreachable";
  message: string;
};

/** Same feed address, give or take the scheme's case, a default port and trailing slashes. */
function isSameFeed(candidate: string, ours: string): boolean {
  const normalise = (value: string) => {
    try {
      const url = new URL(value.trim());
      return `${url.protocol}//${url.host}${url.pathname.replace(/(?<!\/)\/+$/, "")}${url.search}`;
    } catch {
      return null;
    }
  };
  const normalised = normalise(candidate);
  return normalised !== null && normalised === normalise(ours);
}

/**
 * Asks the old feed's address, once, whether it now sends podcast apps here: a permanent redirect (301/308) to our
 * feed, or the old feed carrying `<itunes:new-feed-url>` with our feed's address. Only the first hop is read.
 */
export async function checkOldFeedRedirect(userId: string, moveInId: string): Promise<RedirectCheck> {
  const moveIn = await getMoveInForUserOrThrow(userId, moveInId);
  if (!moveIn.show || !moveIn.sourceUrl) {
    return { outcome: "unreachable", message: "This move-in has no old feed address to check." };
  }
  const ours = feedUrl(moveIn.show.slug);
  // It reads the old feed from the web, as a preview does: counted with them.
  await chargeMoveInPreview(userId, "form").catch((error: unknown) => {
    throw isAppError(error) ? new AppError(error.code, error.message) : error;
  });
  let answer: { status: number; location: string | null; text: string | null };
  try {
    answer = await guardFeedRead("old feed", async (guard) => {
      const { response } = await openPublicUrl(parseFetchableUrl(moveIn.sourceUrl!, "old feed"), "old feed", { followRedirects: false, signal: guard.signal });
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        return { status: response.status, location: response.headers.get("location"), text: null };
      }
      return { status: response.status, location: null, text: (await readLimitedBytes(response, MOVE_IN_FEED_MAX_BYTES, "old feed", guard)).toString("utf8") };
    });
  } catch (error) {
    if (error instanceof MoveInFetchError) return { outcome: "unreachable", message: error.message };
    throw error;
  }
  const { status, location, text } = answer;
  if (status >= 300 && status < 400) {
    const target = location ? (URL.canParse(location, moveIn.sourceUrl) ? new URL(location, moveIn.sourceUrl).href : location.slice(0, 200)) : "";
    if (!isSameFeed(target, ours)) {
      return { outcome: "not-yet", message: `The old feed redirects (HTTP ${status}) to ${target || "nowhere"}, not to ${ours}.` };
    }
    if (status === 301 || status === 308) {
      return { outcome: "redirected", message: `Done: the old feed answers HTTP ${status} to ${ours}. Podcast apps follow it and update their subscription.` };
    }
    return {
      outcome: "temporary",
      message: `The old feed redirects to ${ours}, but with HTTP ${status}, a temporary redirect: apps keep polling the old address. Ask the old host for a permanent one (301).`,
    };
  }
  if (text === null) return { outcome: "not-yet", message: `The old feed answers HTTP ${status}, without a redirect to ${ours}.` };
  const named = findNewFeedUrl(text);
  if (named && isSameFeed(named, ours)) {
    return {
      outcome: "new-feed-url",
      message: `The old feed carries <itunes:new-feed-url> with ${ours}: Apple Podcasts and most apps move over when they next read it. Add a 301 as well where the old host allows it.`,
    };
  }
  if (named) return { outcome: "not-yet", message: `The old feed's <itunes:new-feed-url> names ${named.slice(0, 200)}, not ${ours}.` };
  return { outcome: "not-yet", message: `Not yet: the old feed still answers HTTP ${status} with its own content, without a redirect or <itunes:new-feed-url> pointing to ${ours}.` };
}
