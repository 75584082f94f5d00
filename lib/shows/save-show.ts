import "server-only";
import { isUniqueViolation } from "@/lib/database/is-unique-violation";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { feedUrl } from "@/lib/feed/feed-urls";
import { podcastGuidForFeedUrl } from "@/lib/feed/podcast-guid";
import { writeMediaFile } from "@/lib/media/local-storage";
import { getShowForUserOrThrow } from "./get-show-for-user";
import { readCoverImage } from "./read-cover-image";
import type { ShowInput } from "./show-input";

/** Creates a show (showId null) or updates one of the user's shows; the cover replaces the old one when given. */
export async function saveShow(userId: string, showId: string | null, input: ShowInput, cover: File | null) {
  if (showId) await getShowForUserOrThrow(userId, showId);
  const image = cover && cover.size > 0 ? await readCoverImage(cover) : null;
  const fields = { ...input, link: input.link ?? null };
  // The slug's unique index decides between two concurrent claims: the loser gets a field error.
  const show = await (showId
    ? db.show.update({ where: { id: showId }, data: fields })
    : db.show.create({ data: { ...fields, userId, podcastGuid: podcastGuidForFeedUrl(feedUrl(input.slug)) } })
  ).catch((error: unknown) => {
    if (!isUniqueViolation(error, "slug")) throw error;
    throw new AppError("BAD_REQUEST", "This address is taken.", {
      slug: ["Another show already uses this address; choose another slug."],
    });
  });
  if (image) {
    const coverPath = `shows/${show.id}/cover-${image.hash}.${image.extension}`;
    await writeMediaFile(coverPath, image.bytes);
    return db.show.update({ where: { id: show.id }, data: { coverPath } });
  }
  return show;
}
