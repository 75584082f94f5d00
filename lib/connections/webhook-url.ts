import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env.js";

/** 32 random bytes: the webhook URL is the only thing that ties a delivery to a connection. */
export function createWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function webhookUrlFor(secret: string): string {
  return `${env.appUrl}/api/auphonic/webhook/${secret}`;
}
