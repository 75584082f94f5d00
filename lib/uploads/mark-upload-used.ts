import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";

/**
 * Marks a staged upload used, in the transaction that made something of it (an episode, a started production), so
 * that it is used once: a second use (a double submit, two tabs) finds it used and its transaction fails. The
 * housekeeping job (lib/uploads/remove-expired-uploads.ts) removes used uploads' files.
 */
export async function markUploadUsed(tx: Prisma.TransactionClient, uploadId: string): Promise<void> {
  const { count } = await tx.upload.updateMany({ where: { id: uploadId, usedAt: null, receivedAt: { not: null } }, data: { usedAt: new Date() } });
  if (count === 0) throw new AppError("GONE", "This upload was already used (or removed). Upload the file again.");
}
