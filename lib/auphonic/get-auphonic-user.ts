import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { requestAuphonic } from "./request-auphonic";

export type AuphonicUser = { userId: string; username: string; email: string | null; credits: number | null };

const numeric = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

const userSchema = z.object({
  user_id: z.string().min(1).max(64),
  username: z.string().min(1).max(150),
  email: z.string().max(254).nullish(),
  credits: numeric.nullish(),
});

/** `GET /api/user.json`: who owns this token, and how many hours of processing they have left. */
export async function getAuphonicUser(token: string, fetchImpl?: typeof fetch): Promise<AuphonicUser> {
  return parseAuphonicUser(await requestAuphonic("api/user.json", { token, fetchImpl }));
}

export function parseAuphonicUser(data: unknown): AuphonicUser {
  const parsed = userSchema.safeParse(data);
  if (!parsed.success) throw new AppError("AUPHONIC_UNAVAILABLE", "Auphonic sent an unexpected user record.");
  const { user_id, username, email, credits } = parsed.data;
  return { userId: user_id, username, email: email ?? null, credits: credits ?? null };
}
