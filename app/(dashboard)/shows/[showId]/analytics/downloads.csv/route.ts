import { NextResponse } from "next/server";
import { downloadsCsv } from "@/lib/analytics/downloads-csv";
import { getShowAnalytics } from "@/lib/analytics/get-show-analytics";
import { getSessionUser } from "@/lib/auth";
import { toErrorResponse } from "@/lib/errors";

type Context = { params: Promise<{ showId: string }> };

/** The analytics page's export: one row per episode (lib/analytics/downloads-csv.ts), for the show's owner. */
export async function GET(_request: Request, { params }: Context) {
  const user = await getSessionUser();
  if (!user) return NextResponse.json({ error: "UNAUTHORIZED", message: "Sign in to export downloads." }, { status: 401 });
  try {
    const { showId } = await params;
    const analytics = await getShowAnalytics(user.id, showId);
    return new NextResponse(downloadsCsv(analytics.episodes), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="downloads-${showId}.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
