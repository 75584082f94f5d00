import "server-only";
import { verifyWebhookJwt } from "@/lib/auphonic/verify-webhook-jwt";
import { parseCustomData } from "@/lib/connections/custom-data";
import { db } from "@/lib/db";
import { dashboardEpisodeUrl, episodeAudioAliasUrl, publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import { AppError, isAppError } from "@/lib/errors";
import { acceptDelivery, type AcceptedDelivery } from "./accept-delivery";
import { mayLogRefusal, unknownWebhookPaths } from "./limit-refusals";
import { readLimitedBody, type BodySource } from "./read-limited-body";

export const WEBHOOK_MAX_BYTES = 8 * 1024;
const SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export type WebhookReply = { status: number; body: Record<string, unknown> };
/** `clientAddress`: the sender's address, for the limit on logged refusals (null: no limit). */
export type WebhookRequest = BodySource & { contentType: string | null; clientAddress?: string | null };

export function webhookRequestOf(request: Request): WebhookRequest {
  return { contentType: request.headers.get("content-type"), contentLength: request.headers.get("content-length"), chunks: request.body };
}

/**
 * Auphonic's webhook for one connection: verify, record, queue the import, answer with the result URLs.
 * Every outcome at a connection's URL is logged as a Delivery (refusals within a per-address budget, else 429);
 * unknown URLs are only counted. Nothing here waits for Auphonic or touches media. A genuine delivery costs one
 * transaction; a refused one is answered as if the checks ran in order: unknown URL (404), deleted connection
 * (410), then the request itself (415, 413, 400, 401).
 */
export async function receiveWebhook(secret: string, request: WebhookRequest): Promise<WebhookReply> {
  let refusal: unknown = null;
  if (SECRET_FORMAT.test(secret)) {
    try {
      const contentType = request.contentType?.split(";")[0]?.trim().toLowerCase();
      if (contentType !== "application/jwt") {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the JWT with Content-Type: application/jwt.");
      }
      const claims = await verifyWebhookJwt(await readLimitedBody(request, WEBHOOK_MAX_BYTES));
      const accepted = await acceptDelivery(secret, claims.productionUuid, validCustomData(claims.customData));
      if (accepted) return acceptedReply(accepted);
    } catch (error) {
      if (!isAppError(error)) throw error;
      refusal = error;
    }
  }
  const connection = SECRET_FORMAT.test(secret)
    ? await db.connection.findUnique({ where: { webhookSecret: secret }, select: { id: true, deletedAt: true } })
    : null;
  const error = !connection
    ? new AppError("NOT_FOUND", "No connection has this webhook URL.")
    : connection.deletedAt
      ? new AppError("GONE", "This connection was deleted.")
      : ((refusal as AppError | null) ?? new AppError("NOT_FOUND", "No connection has this webhook URL."));
  const reply = { status: error.status, body: { error: error.code, message: error.message } };
  // A path that is no connection's is nobody's log: counted only.
  if (!connection) {
    unknownWebhookPaths.count++;
    return reply;
  }
  if (!(await mayLogRefusal(request.clientAddress ?? null))) {
    return { status: 429, body: { error: "TOO_MANY_REQUESTS", message: "Too many refused deliveries from this address; try again in a minute." } };
  }
  await db.delivery.create({
    data: { connectionId: connection.id, httpStatus: error.status, accepted: false, reason: error.message, productionUuid: null },
  });
  return reply;
}

function acceptedReply(accepted: AcceptedDelivery): WebhookReply {
  // Answered 200 all the same: Auphonic has nothing to send again.
  if (accepted.kind === "notImported") return { status: 200, body: { message: accepted.reason } };
  const { episodeId, customData, showSlug } = accepted;
  const parsed = parseCustomData(customData);
  const isPublish = parsed.ok && parsed.known.publishState === "publish";
  return {
    status: 200,
    body: {
      result_page_url: isPublish ? publicEpisodeUrl(showSlug, episodeId) : dashboardEpisodeUrl(episodeId),
      result_file_url: episodeAudioAliasUrl(episodeId),
    },
  };
}

/** The JWT's custom_data when it is a valid document; null falls back to what the connection registered. */
function validCustomData(fromJwt: string | null): string | null {
  if (fromJwt === null) return null;
  const parsed = parseCustomData(fromJwt);
  return parsed.ok ? parsed.text : null;
}
