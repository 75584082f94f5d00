import { existsSync, statSync } from "node:fs";

export type SandboxConfig = {
  port: number;
  /** Base of every URL the sandbox hands out; undefined means http://localhost:<listening port>. */
  publicUrl: string | undefined;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  webhookTimeoutMs: number;
  webhookRetryDelaysMs: number[];
  signedUrlTtlMs: number;
  authorizationCodeTtlMs: number;
  /** Injectable clock for codes, signed URLs and production timestamps. */
  now: () => number;
  log: boolean;
  /** How long a started production takes from Waiting to Done or Error, in ms. */
  processingMs: number;
  /** The largest multipart upload accepted by upload.json, all files together. */
  maxUploadBytes: number;
  /** A file served as every production's MP3 result instead of fixtures/episode.mp3 (standalone server only). */
  mp3Fixture: string | undefined;
};

export const DEFAULT_CONFIG: SandboxConfig = {
  port: 4010,
  publicUrl: undefined,
  clientId: "podhaven-local",
  clientSecret: "podhaven-local-client-secret-not-for-production",
  redirectUris: [
    "http://localhost:3000/api/auth/callback/auphonic",
    "http://127.0.0.1:3000/api/auth/callback/auphonic",
  ],
  webhookTimeoutMs: 60_000,
  webhookRetryDelaysMs: [2_000, 10_000, 30_000],
  signedUrlTtlMs: 300_000,
  authorizationCodeTtlMs: 60_000,
  now: () => Date.now(),
  log: false,
  mp3Fixture: undefined,
  processingMs: 3_000,
  maxUploadBytes: 2 * 1024 * 1024 * 1024,
};

function readInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function readList(env: Record<string, string | undefined>, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function readUrl(env: Record<string, string | undefined>, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    return new URL(raw).toString().replace(/\/$/, "");
  } catch {
    throw new Error(`${name} must be an absolute URL, got "${raw}"`);
  }
}

function readFile(env: Record<string, string | undefined>, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!existsSync(raw) || !statSync(raw).isFile()) throw new Error(`${name} must be the path of a file, got "${raw}"`);
  return raw;
}

export function readConfigFromEnv(env: Record<string, string | undefined> = process.env): SandboxConfig {
  const delays = readList(env, "SANDBOX_WEBHOOK_RETRY_DELAYS_MS")?.map((item) => {
    const value = Number(item);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`SANDBOX_WEBHOOK_RETRY_DELAYS_MS must be a comma list of integers, got "${item}"`);
    }
    return value;
  });
  const redirectUris = readList(env, "SANDBOX_REDIRECT_URIS");
  for (const uri of redirectUris ?? []) {
    if (!URL.canParse(uri)) throw new Error(`SANDBOX_REDIRECT_URIS has an invalid URL: "${uri}"`);
  }
  return {
    ...DEFAULT_CONFIG,
    port: readInteger(env, "SANDBOX_PORT", DEFAULT_CONFIG.port),
    publicUrl: readUrl(env, "SANDBOX_PUBLIC_URL"),
    clientId: env.SANDBOX_CLIENT_ID?.trim() || DEFAULT_CONFIG.clientId,
    clientSecret: env.SANDBOX_CLIENT_SECRET?.trim() || DEFAULT_CONFIG.clientSecret,
    redirectUris: redirectUris ?? redirectUrisFollowingAppUrl(env.APP_URL),
    webhookTimeoutMs: readInteger(env, "SANDBOX_WEBHOOK_TIMEOUT_MS", DEFAULT_CONFIG.webhookTimeoutMs),
    webhookRetryDelaysMs: delays ?? DEFAULT_CONFIG.webhookRetryDelaysMs,
    signedUrlTtlMs: readInteger(env, "SANDBOX_SIGNED_URL_TTL_MS", DEFAULT_CONFIG.signedUrlTtlMs),
    log: true,
    mp3Fixture: readFile(env, "SANDBOX_MP3_FIXTURE"),
    processingMs: readInteger(env, "SANDBOX_PROCESSING_MS", DEFAULT_CONFIG.processingMs),
    maxUploadBytes: readInteger(env, "SANDBOX_MAX_UPLOAD_BYTES", DEFAULT_CONFIG.maxUploadBytes),
  };
}

/**
 * Without SANDBOX_REDIRECT_URIS, the sandbox accepts the app's own callback (APP_URL, so moving the app to another
 * port needs no second setting) besides the defaults on port 3000.
 */
function redirectUrisFollowingAppUrl(appUrl: string | undefined): string[] {
  if (!appUrl || !URL.canParse(appUrl)) return DEFAULT_CONFIG.redirectUris;
  const callback = `${appUrl.replace(/(?<!\/)\/+$/, "")}/api/auth/callback/auphonic`;
  return [...new Set([callback, ...DEFAULT_CONFIG.redirectUris])];
}
