// The one reader of process.env. Imported by next.config.js, so a bad configuration stops the app at start
// with the variable's name in the message. Plain JS (typed with JSDoc) because next.config.js loads it as is.
import { createHash } from "node:crypto";
import path from "node:path";
import { z } from "zod";

const SANDBOX_URL = "http://localhost:4010";
const SANDBOX_CLIENT_ID = "podhaven-local";
const SANDBOX_CLIENT_SECRET = "podhaven-local-client-secret-not-for-production";
const DEV_SESSION_SECRET = "podhaven-local-session-secret-not-for-production";

const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/(?<!\/)\/+$/, ""));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: url.default("http://localhost:3000"),
  AUPHONIC_BASE_URL: url.default(SANDBOX_URL),
  AUPHONIC_CLIENT_ID: z.string().min(1).default(SANDBOX_CLIENT_ID),
  AUPHONIC_CLIENT_SECRET: z.string().min(16, "must be at least 16 characters").default(SANDBOX_CLIENT_SECRET),
  // Unset: the app's scripts start an embedded Postgres under EMBEDDED_POSTGRES_DIR and set it for their children.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a Postgres URL starting with "postgresql://"')
    .optional(),
  EMBEDDED_POSTGRES_DIR: z.string().min(1).default("./data/postgres"),
  // Connections per process for Prisma; the job engine keeps a few of its own (lib/jobs/job-engine.ts).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // `off` behind a pooler in transaction mode that cannot keep named prepared statements (lib/database/sql.ts).
  DATABASE_PREPARED_STATEMENTS: z.enum(["on", "off"]).default("on"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes), e.g. `openssl rand -hex 32`")
    .optional(),
  MEDIA_DIR: z.string().min(1).default("./data/media"),
  // Where media lives: `local` (the folder MEDIA_DIR) or `s3` (any S3-compatible store, lib/storage/s3-storage.ts).
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  S3_ENDPOINT: url.optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(["0", "1", "true", "false"]).default("0"),
  // A CDN or the bucket's public URL: published media answers 302 there. Empty: media is served by the app.
  MEDIA_PUBLIC_BASE_URL: z.union([z.literal(""), url]).default(""),
  MEDIA_MAX_FILE_BYTES: z.coerce.number().int().positive().default(4 * 1024 ** 3),
  // Quotas per creator (lib/quotas/): stored bytes (0: unlimited; a user's own storageQuotaBytes overrides it),
  // and move-in previews (each reads a feed from the web) per hour.
  STORAGE_QUOTA_BYTES: z.coerce.number().int().min(0).default(50 * 1024 ** 3),
  MOVE_IN_PREVIEWS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  IMPORT_RETRY_BASE_MS: z.coerce.number().int().min(0).default(5_000),
  IMPORT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  IMPORT_LEASE_MS: z.coerce.number().int().min(1_000).default(10 * 60_000),
  IMPORT_WORKER: z.enum(["on", "off"]).default("on"),
  // `npm start` with more than one: that many web processes share the port (node:cluster; the first one runs
  // the import worker when IMPORT_WORKER=on). One per core is the usual choice.
  WEB_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  // With WEB_PROCESSES > 1: a web process whose event loop sends no heartbeat for this long is killed and replaced.
  WEB_PROCESS_WATCHDOG_MS: z.coerce.number().int().min(1_000).default(10_000),
  // Tests only (e2e/processes.spec.ts): `1` makes SIGUSR2 block a web process's event loop, for the watchdog to
  // find. Refused unless APP_URL is loopback.
  TEST_BLOCK_ON_SIGUSR2: z.enum(["0", "1"]).default("0"),
  // 1: the import may also fetch from loopback and private addresses (the local sandbox; dev and test scripts set
  // it). Off by default; the rule that downloads start at Auphonic's origin holds either way.
  ALLOW_LOCAL_FETCH: z.enum(["0", "1"]).default("0"),
  // How often an idle worker asks the queue for work, and how long SIGTERM waits for a running import.
  WORKER_POLL_MS: z.coerce.number().int().min(10).default(1_000),
  WORKER_STOP_GRACE_MS: z.coerce.number().int().min(0).default(25_000),
  // Jobs each worker process runs at once, per queue: one kind of work never waits for another (lib/jobs/import-worker.ts).
  WORKER_IMPORT_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  WORKER_RELEASE_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(1),
  WORKER_MOVE_IN_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  WORKER_HOUSEKEEPING_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(1),
  // Productions created from Podhaven whose upload is sent to Auphonic and started (lib/produce/hand-over-production.ts).
  WORKER_HANDOVER_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  // Reconciliations with Auphonic (lib/reconcile/), one creator each: a run may take minutes against a slow Auphonic.
  WORKER_RECONCILE_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  // Every media fetch (imports and move-ins) ends by this deadline, and is stopped when fewer than
  // FETCH_MIN_BYTES_PER_SEC arrive over a window of FETCH_RATE_WINDOW_MS (0: no minimum).
  // At most 5 hours: a move-in job, which holds a few such fetches, must expire within pg-boss 10's 24 hours.
  FETCH_DEADLINE_MS: z.coerce.number().int().min(100).max(5 * 3600_000, "must be at most 18000000 (5 hours)").default(30 * 60_000),
  FETCH_MIN_BYTES_PER_SEC: z.coerce.number().int().min(0).default(16_384),
  FETCH_RATE_WINDOW_MS: z.coerce.number().int().min(50).default(30_000),
  // Where server.ts listens. Unset: every interface, or only loopback while the local development secrets
  // are in use (they are public, so a session made with them must not be reachable from elsewhere).
  LISTEN_HOST: z.string().min(1).optional(),
  // How many proxies (a load balancer, a CDN) stand in front of the app: the listener's address for download
  // analytics is then taken from X-Forwarded-For, that many hops from its end. 0: the socket's address, and
  // X-Forwarded-For is ignored (anyone can send it). `1` behind one proxy or CDN (docs/analytics.md).
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // `off`: media requests are not recorded at all (npm run bench:media measures the recording's cost with it).
  DOWNLOAD_ANALYTICS: z.enum(["on", "off"]).default("on"),
  // How often workers roll raw download events up into downloads (lib/analytics/roll-up-downloads.ts).
  ANALYTICS_ROLLUP_MS: z.coerce.number().int().min(1_000).default(5 * 60_000),
  // Reconciliation with Auphonic (lib/reconcile/): how often each creator's recent productions are listed (jittered
  // ±20%, longer after errors), and how many days back the list is read.
  AUPHONIC_RECONCILE_MS: z.coerce.number().int().min(1_000).max(7 * 24 * 3600_000).default(15 * 60_000),
  AUPHONIC_RECONCILE_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  // Build folder; benchmarks build into their own so they never disturb the tests' `.next`.
  NEXT_DIST_DIR: z.string().regex(/^\.next[a-z-]*$/).default(".next"),
});

/** @param {Record<string, string | undefined>} source */
export function parseEnv(source) {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${problems.join("\n")}`);
  }
  const raw = result.data;
  const isLocal = isLocalUrl(raw.APP_URL);
  if (!isLocal && (!raw.SESSION_SECRET || !raw.TOKEN_ENCRYPTION_KEY)) {
    throw new Error(
      "Invalid environment configuration:\n  SESSION_SECRET and TOKEN_ENCRYPTION_KEY must be set when APP_URL is not localhost",
    );
  }
  const usesDevelopmentSecrets = !raw.SESSION_SECRET || !raw.TOKEN_ENCRYPTION_KEY;
  const listenHost = raw.LISTEN_HOST ?? (usesDevelopmentSecrets ? "127.0.0.1" : undefined);
  if (usesDevelopmentSecrets && !isLoopbackHost(listenHost)) {
    throw new Error(
      `Invalid environment configuration:\n  LISTEN_HOST: ${raw.LISTEN_HOST} is not a loopback address, and SESSION_SECRET and TOKEN_ENCRYPTION_KEY are the public development ones: set both (\`openssl rand -hex 32\`) to listen there`,
    );
  }
  if (raw.NODE_ENV === "production" && raw.AUPHONIC_CLIENT_SECRET === SANDBOX_CLIENT_SECRET && !isLocalUrl(raw.AUPHONIC_BASE_URL)) {
    throw new Error(
      `Invalid environment configuration:\n  AUPHONIC_CLIENT_SECRET: the sandbox's public secret cannot be used with AUPHONIC_BASE_URL=${raw.AUPHONIC_BASE_URL}; set the client secret of your Auphonic app`,
    );
  }
  if (raw.ALLOW_LOCAL_FETCH === "1" && !(isLocalUrl(raw.APP_URL) && isLocalUrl(raw.AUPHONIC_BASE_URL))) {
    throw new Error(
      "Invalid environment configuration:\n  ALLOW_LOCAL_FETCH: 1 lets imports and move-ins fetch from loopback and private addresses, so it is only accepted when APP_URL and AUPHONIC_BASE_URL are both loopback (local development and tests)",
    );
  }
  if (raw.TEST_BLOCK_ON_SIGUSR2 === "1" && !isLocal) {
    throw new Error(
      `Invalid environment configuration:\n  TEST_BLOCK_ON_SIGUSR2: lets a signal freeze a web process, for tests on this machine only; refused with APP_URL=${raw.APP_URL}`,
    );
  }
  if (raw.STORAGE_DRIVER === "s3" && !raw.S3_BUCKET) {
    throw new Error("Invalid environment configuration:\n  S3_BUCKET: must be set when STORAGE_DRIVER=s3");
  }
  const sessionSecret = raw.SESSION_SECRET ?? DEV_SESSION_SECRET;
  return {
    nodeEnv: raw.NODE_ENV,
    appUrl: raw.APP_URL,
    auphonicBaseUrl: raw.AUPHONIC_BASE_URL,
    auphonicClientId: raw.AUPHONIC_CLIENT_ID,
    auphonicClientSecret: raw.AUPHONIC_CLIENT_SECRET,
    // The sandbox is local: `npm run dev` and `start:all` start it only for a loopback AUPHONIC_BASE_URL.
    isAuphonicSandbox: isLocalUrl(raw.AUPHONIC_BASE_URL),
    databaseUrl: raw.DATABASE_URL ?? null,
    embeddedPostgresDir: path.resolve(raw.EMBEDDED_POSTGRES_DIR),
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    isUsingPreparedStatements: raw.DATABASE_PREPARED_STATEMENTS === "on",
    sessionSecret,
    // Local default: derived from the session secret so a fresh clone runs with no configuration.
    tokenEncryptionKey: Buffer.from(
      raw.TOKEN_ENCRYPTION_KEY ?? createHash("sha256").update(`token-key:${sessionSecret}`).digest("hex"),
      "hex",
    ),
    mediaDir: path.resolve(raw.MEDIA_DIR),
    mediaMaxFileBytes: raw.MEDIA_MAX_FILE_BYTES,
    storageQuotaBytes: raw.STORAGE_QUOTA_BYTES,
    moveInPreviewsPerHour: raw.MOVE_IN_PREVIEWS_PER_HOUR,
    storageDriver: raw.STORAGE_DRIVER,
    s3: {
      endpoint: raw.S3_ENDPOINT ?? null,
      region: raw.S3_REGION,
      bucket: raw.S3_BUCKET ?? "",
      // Unset: the SDK's own chain (environment, instance role…).
      credentials: raw.S3_ACCESS_KEY_ID && raw.S3_SECRET_ACCESS_KEY ? { accessKeyId: raw.S3_ACCESS_KEY_ID, secretAccessKey: raw.S3_SECRET_ACCESS_KEY } : null,
      forcePathStyle: raw.S3_FORCE_PATH_STYLE === "1" || raw.S3_FORCE_PATH_STYLE === "true",
    },
    mediaPublicBaseUrl: raw.MEDIA_PUBLIC_BASE_URL || null,
    importRetryBaseMs: raw.IMPORT_RETRY_BASE_MS,
    importMaxAttempts: raw.IMPORT_MAX_ATTEMPTS,
    importLeaseMs: raw.IMPORT_LEASE_MS,
    isImportWorkerEnabled: raw.IMPORT_WORKER === "on",
    webProcesses: raw.WEB_PROCESSES,
    webProcessWatchdogMs: raw.WEB_PROCESS_WATCHDOG_MS,
    isBlockOnSigusr2Enabled: raw.TEST_BLOCK_ON_SIGUSR2 === "1",
    allowLocalFetch: raw.ALLOW_LOCAL_FETCH === "1",
    workerPollMs: raw.WORKER_POLL_MS,
    workerStopGraceMs: raw.WORKER_STOP_GRACE_MS,
    workerConcurrency: {
      imports: raw.WORKER_IMPORT_CONCURRENCY,
      releases: raw.WORKER_RELEASE_CONCURRENCY,
      moveIn: raw.WORKER_MOVE_IN_CONCURRENCY,
      housekeeping: raw.WORKER_HOUSEKEEPING_CONCURRENCY,
      handover: raw.WORKER_HANDOVER_CONCURRENCY,
      reconcile: raw.WORKER_RECONCILE_CONCURRENCY,
    },
    fetchDeadlineMs: raw.FETCH_DEADLINE_MS,
    fetchMinBytesPerSec: raw.FETCH_MIN_BYTES_PER_SEC,
    fetchRateWindowMs: raw.FETCH_RATE_WINDOW_MS,
    nextDistDir: raw.NEXT_DIST_DIR,
    trustedProxyHops: raw.TRUST_PROXY,
    analyticsRollupMs: raw.ANALYTICS_ROLLUP_MS,
    auphonicReconcileMs: raw.AUPHONIC_RECONCILE_MS,
    auphonicReconcileWindowDays: raw.AUPHONIC_RECONCILE_WINDOW_DAYS,
    isRecordingDownloads: raw.DOWNLOAD_ANALYTICS === "on",
    listenHost,
  };
}

/** @param {string | undefined} host */
function isLoopbackHost(host) {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host ?? "");
}

/** @param {string} value */
function isLocalUrl(value) {
  const { hostname } = new URL(value);
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

export const env = parseEnv(process.env);
