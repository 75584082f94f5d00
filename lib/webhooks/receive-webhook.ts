import "server-only";
import { verifyWebhookJwt, type WebhookClaims } from "@/lib/auphonic/verify-webhook-jwt";
import { parseCustomData } from "@/lib/connections/custom-data";
import { db } from "@/lib/db";
import { dashboardEpisodeUrl, episodeAudioAliasUrl, publicEpisodeUrl } from "@/lib/episodes/episode-urls";
import { AppError, isAppError } from "@/lib/errors";
import { requestImport } from "@/lib/jobs/import-queue";
import { readLimitedBody } from "./read-limited-body";

export const WEBHOOK_MAX_BYTES = 8 * 1024;
const SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export type WebhookReply = { status: number; body: Record<string, unknown> };

/**
 * Auphonic's webhook for one connection: verify, record, queue the import, answer with the result URLs.
 * Every outcome is logged as a Delivery; nothing here waits for Auphonic or touches media.
 */
export async function receiveWebhook(secret: string, request: Request): Promise<WebhookReply> {
  const connection = SECRET_FORMAT.test(secret)
    ? await db.connection.findUnique({
        where: { webhookSecret: secret },
        include: { show: { select: { slug: true } } },
      })
    : null;
  let claims: WebhookClaims | null = null;
  try {
    if (!connection) throw new AppError("NOT_FOUND", "No connection has this webhook URL.");
    if (connection.deletedAt) throw new AppError("GONE", "This connection was deleted.");
    const contentType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (contentType !== "application/jwt") {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the JWT with Content-Type: application/jwt.");
    }
    claims = await verifyWebhookJwt(await readLimitedBody(request, WEBHOOK_MAX_BYTES));

    const customData = resolveCustomData(claims.customData, connection.customData);
    const parsedCustomData = parseCustomData(customData);
    const isPublish = parsedCustomData.ok && parsedCustomData.known.publishState === "publish";
    const episode = await db.$transaction(async (tx) => {
      const queued = await requestImport(tx, {
        connectionId: connection.id,
        userId: connection.userId,
        showId: connection.showId,
        productionUuid: claims!.productionUuid,
        customData,
      });
      await tx.delivery.create({
        data: {
          connectionId: connection.id,
          httpStatus: 200,
          accepted: true,
          reason: "Accepted; import queued.",
          productionUuid: claims!.productionUuid,
          episodeId: queued.id,
        },
      });
      return queued;
    });
    return {
      status: 200,
      body: {
        result_page_url: isPublish ? publicEpisodeUrl(connection.show.slug, episode.id) : dashboardEpisodeUrl(episode.id),
        result_file_url: episodeAudioAliasUrl(episode.id),
      },
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    await db.delivery.create({
      data: {
        connectionId: connection?.id ?? null,
        httpStatus: error.status,
        accepted: false,
        reason: error.message,
        productionUuid: claims?.productionUuid ?? null,
      },
    });
    return { status: error.status, body: { error: error.code, message: error.message } };
  }
}

/** The JWT's custom_data when it is a valid document, else what the connection registered. */
function resolveCustomData(fromJwt: string | null, fromConnection: string): string {
  if (fromJwt !== null) {
    const parsed = parseCustomData(fromJwt);
    if (parsed.ok) return parsed.text;
  }
  return fromConnection;
}
