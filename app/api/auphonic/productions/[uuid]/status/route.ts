import { NextResponse } from "next/server";
import { getSessionUser } from "@/lib/auth";
import { AppError, toErrorResponse } from "@/lib/errors";
import { getProductionProgress } from "@/lib/produce/get-production-progress";

// Polled by the production's status page every few seconds; Auphonic is asked at most every STATUS_CACHE_MS.
export async function GET(_request: Request, { params }: { params: Promise<{ uuid: string }> }) {
  try {
    const user = await getSessionUser();
    if (!user) throw new AppError("UNAUTHORIZED", "Sign in to see this production.");
    const progress = await getProductionProgress(user.id, (await params).uuid);
    return NextResponse.json(progress, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
