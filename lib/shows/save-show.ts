import "server-only";
import { isUniqueViolation } from "@/lib/database/is-unique-violation";
import { EVERYTHING, forgetShow } from "@/lib/cache/change-listener";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, isAppError } from "@/lib/errors";
import { contentTypeFor } from "@/lib/media/content-type";
import { chargeStorage } from "@/lib/quotas/charge-storage";
import { assertStorageRoom } from "@/lib/quotas/find-storage-room";
import { showCoverKey } from "@/lib/storage/media-keys";
import { getStorage } from "@/lib/storage/media-storage";
import { retireMedia } from "@/lib/storage/retire-media";
import { assignPodcastGuid } from "./assign-podcast-guid";
import { getShowForUserOrThrow } from "./get-show-for-user";
import { directoryLinkColumns } from "./directory-links";
import { readCoverImage } from "./read-cover-image";
import type { ShowInput } from "./show-input";

/**
 * Creates a show (showId null) or updates one of the user's shows; the cover replaces the old one when given.
 * `isVerified: false` makes a new show a draft that holds no podcast:guid (a show moving in from another host, until
 * its creator proves the old feed is theirs: lib/move-in/claim-moved-in-show.ts gives it its guid then).
 */
export async function saveShow(userId: string, showId: string | null, input: ShowInput, cover: File | null, { isVerified = true }: { isVerified?: boolean } = {}) {
  const previous = showId ? await getShowForUserOrThrow(userId, showId) : null;
  // A new address also changes what old and unknown addresses answer, in every show's cache.
  const changed = previous?.slug === input.slug ? previous.id : EVERYTHING;
  if (input.redirectFeed && !input.newFeedUrl) {
    throw new AppError("BAD_REQUEST", "Check the moving-away settings.", { redirectFeed: ["Enter the new feed's URL to redirect to it."] });
  }
  const image = cover && cover.size > 0 ? await readCoverImage(cover) : null;
  // A cover that does not fit the creator's storage quota is refused before anything is saved.
  if (image) await assertStorageRoom(userId, image.bytes.length).catch(onCoverField);
  const fields = { ...input, link: input.link ?? null, newFeedUrl: input.newFeedUrl ?? null, ...directoryLinkColumns(input) };
  const taken = () =>
    new AppError("BAD_REQUEST", "This address is taken.", {
      slug: ["Another show uses or used this address; choose another slug."],
    });
  // The unique indexes decide between concurrent claims (the show's current slug, and every address a show has
  // had): the loser gets a field error, never a 500.
  const show = await db
    .$transaction(async (tx) => {
      const saved = showId
        ? await tx.show.update({ where: { id: showId }, data: fields })
        : await tx.show.create({ data: { ...fields, userId, isVerified } });
      if (!(await claimSlug(tx, userId, saved.id, input.slug))) throw taken();
      if (!showId && isVerified) return tx.show.update({ where: { id: saved.id }, data: { podcastGuid: await assignPodcastGuid(tx, userId, saved.id, input.slug) } });
      return saved;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, "slug")) throw taken();
      throw error;
    });
  if (image) {
    const coverPath = showCoverKey(show.id, image.hash, image.extension);
    if (coverPath === show.coverPath) return show;
    const storage = await getStorage();
    await storage.put(coverPath, image.bytes, { contentType: contentTypeFor(coverPath), maxBytes: image.bytes.length });
    const withCover = await db
      .$transaction(async (tx) => {
        await chargeStorage(tx, userId, image.bytes.length);
        // The old cover's URL is in feeds and directories' caches: it keeps answering (and counting) for the grace period.
        if (show.coverPath) await retireMedia(tx, [{ key: show.coverPath, showId: show.id, isServable: true, contentType: contentTypeFor(show.coverPath), size: Number(show.coverSize) }]);
        // Covers are named by their content: one that comes back (A, B, then A again) is current, not retired.
        await tx.retiredMedia.deleteMany({ where: { key: coverPath } });
        return tx.show.update({ where: { id: show.id }, data: { coverPath, coverSize: image.bytes.length } });
      })
      .catch(async (error: unknown) => {
        // Over the quota: the file just stored goes, unless it is a retired cover still served from there.
        if (isAppError(error, "QUOTA_EXCEEDED") && (await db.retiredMedia.count({ where: { key: coverPath } })) === 0) await storage.delete(coverPath);
        return onCoverField(error);
      });
    forgetShow(changed);
    return withCover;
  }
  forgetShow(changed);
  return show;
}

/** The storage quota's refusal of a cover, shown at the cover field. */
function onCoverField(error: unknown): never {
  if (isAppError(error, "QUOTA_EXCEEDED")) throw new AppError(error.code, error.message, { cover: [error.message] });
  throw error;
}

/**
 * Records `slug` as an address of the show. An address is its owner's for good: one another user's show has had
 * is refused (false); one of the user's own (an old address of another show of theirs, or of a deleted one) moves.
 */
async function claimSlug(tx: Prisma.TransactionClient, userId: string, showId: string, slug: string): Promise<boolean> {
  const claimed = await tx.$queryRaw<unknown[]>`
    INSERT INTO "ShowSlug" (slug, "userId", "showId") VALUES (${slug}, ${userId}, ${showId})
    ON CONFLICT (slug) DO UPDATE SET "showId" = EXCLUDED."showId" WHERE "ShowSlug"."userId" = EXCLUDED."userId"
    RETURNING slug`;
  return claimed.length === 1;
}
