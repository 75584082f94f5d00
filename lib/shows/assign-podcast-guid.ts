import "server-only";
import { randomUUID } from "node:crypto";
import { feedUrl } from "@/lib/feed/feed-urls";
import { podcastGuidForFeedUrl } from "@/lib/feed/podcast-guid";
import type { Prisma } from "@/lib/generated/prisma/client";
import { claimPodcastGuid } from "./claim-podcast-guid";

/**
 * podcast:guid for a new show, recorded as its own (ShowGuid): the UUIDv5 of its feed URL, as the namespace asks,
 * unless another show holds or held it (a show of the user's that once had this address): then a random one.
 */
export async function assignPodcastGuid(tx: Prisma.TransactionClient, userId: string, showId: string, slug: string): Promise<string> {
  const derived = podcastGuidForFeedUrl(feedUrl(slug));
  if (await claimPodcastGuid(tx, userId, showId, derived)) return derived;
  const random = randomUUID();
  await claimPodcastGuid(tx, userId, showId, random);
  return random;
}
