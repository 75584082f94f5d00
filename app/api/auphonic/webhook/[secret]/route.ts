import { NextResponse } from "next/server";
import { toErrorResponse } from "@/lib/errors";
import { receiveWebhook } from "@/lib/webhooks/receive-webhook";

export async function POST(request: Request, { params }: { params: Promise<{ secret: string }> }) {
  try {
    const reply = await receiveWebhook((await params).secret, request);
    return NextResponse.json(reply.body, { status: reply.status });
  } catch (error) {
    return toErrorResponse(error);
  }
}
