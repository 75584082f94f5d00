import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * How long a claim by "Produce with Auphonic" holds (lib/produce/produce-with-auphonic.ts): longer than creating a
 * production may take (requestAuphonic's time limit and the database around it). An older claim is a request's that
 * died before it released it; it no longer holds the upload.
 */
export const UPLOAD_CLAIM_LIFETIME_MS = 2 * 60_000;

/**
 * The one spelling of "no live claim" on an Upload: never claimed, released, or claimed longer ago than
 * UPLOAD_CLAIM_LIFETIME_MS before `now`. "Produce with Auphonic" claims only an upload matching it; "Publish as it
 * is" and "Replace audio" refuse one that does not (lib/uploads/assert-upload-not-produced.ts).
 */
export function unclaimedUpload(now: Date = new Date()): Prisma.UploadWhereInput {
  return { OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - UPLOAD_CLAIM_LIFETIME_MS) } }] };
}
