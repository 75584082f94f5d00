import "server-only";
import { isUniqueViolation } from "@/lib/database/is-unique-violation";
import { AppError } from "@/lib/errors";

/**
 * Runs a write that gives a connection its display name. Names are unique per user among live connections
 * (Auphonic merges same-named registrations); the database's partial unique index decides, so two concurrent
 * saves of one name get one success and one field error, never a 500.
 */
export async function claimDisplayName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("BAD_REQUEST", "This name is taken.", {
      displayName: ["You already have a connection with this name; Auphonic would merge them. Choose another."],
    });
  }
}
