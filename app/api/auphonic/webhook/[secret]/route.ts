import { NextResponse } from "next/server";
import { toErrorResponse } from "@/lib/errors";
import { receiveWebhook, webhookRequestOf } from "@/lib/webhooks/receive-webhook";

export async function POST(request: Request, { params }: { params: Promise<{ secret: string }> }) {
  try {
    const reply = await receiveWebhook((await params).secret, webhookRequestOf(request));
    return NextResponse.json(reply.body, { status: reply.status });
  } catch (error) {
    return toErrorResponse(error);
  }
}
