import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Whether a write failed on a unique constraint, optionally one naming `hint` (a column or an index name): how
 * concurrent claims (a show's slug, a connection's name) learn they lost, instead of checking first.
 */
export function isUniqueViolation(error: unknown, hint?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  return hint === undefined || JSON.stringify(error.meta ?? {}).includes(hint);
}
