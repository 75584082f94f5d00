import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Own ports so the suite never collides with `npm run dev` (3000/4010).
const APP_URL = "http://localhost:3210";
const SANDBOX_URL = "http://localhost:4210";
const CHROMIUM = "/usr/bin/chromium";

export const e2eEnv: Record<string, string> = {
  APP_URL,
  AUPHONIC_BASE_URL: SANDBOX_URL,
  EMBEDDED_POSTGRES_DIR: "./data/e2e/postgres",
  MEDIA_DIR: "./data/e2e/media",
  IMPORT_RETRY_BASE_MS: "500",
  // The sandbox listens on loopback; the import fetches only from public addresses otherwise.
  ALLOW_LOCAL_FETCH: "1",
  NEXT_TELEMETRY_DISABLED: "1",
};

// The S3 pass (`STORAGE_DRIVER=s3 npm run test:e2e`, run by CI): media in a local s3rver bucket, published media
// answered with a 302 to the bucket's public URL. With S3_ENDPOINT set, that store is used instead.
const S3_PORT = "4569";
const S3_BUCKET = "podhaven-e2e";
const isS3Pass = process.env.STORAGE_DRIVER === "s3";
const startsLocalS3 = isS3Pass && !process.env.S3_ENDPOINT;
if (startsLocalS3) {
  Object.assign(e2eEnv, {
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: `http://127.0.0.1:${S3_PORT}`,
    S3_BUCKET,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "1",
    MEDIA_PUBLIC_BASE_URL: `http://127.0.0.1:${S3_PORT}/${S3_BUCKET}`,
  });
}

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  // Stops the job runner e2e/global.setup.ts started (e2e/helpers/worker.ts).
  globalTeardown: "./e2e/global.teardown.ts",
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium where it exists (CI, these machines); Playwright's own browser elsewhere.
      executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /global\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: [
    ...(startsLocalS3
      ? [
          {
            command: `npx tsx scripts/s3-local-server.ts --fresh --port ${S3_PORT} --bucket ${S3_BUCKET} --dir ./data/e2e/s3`,
            port: Number(S3_PORT),
            reuseExistingServer: false,
            timeout: 30_000,
          },
        ]
      : []),
    {
      command: "npx tsx sandbox/server.ts",
      url: `${SANDBOX_URL}/control/api/state`,
      env: {
        SANDBOX_PORT: "4210",
        SANDBOX_PUBLIC_URL: SANDBOX_URL,
        SANDBOX_REDIRECT_URIS: `${APP_URL}/api/auth/callback/auphonic`,
        SANDBOX_WEBHOOK_RETRY_DELAYS_MS: "500,1000,2000",
      },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // A fresh embedded Postgres (or DATABASE_URL when set), a fresh media folder, a production build.
      command: "rm -rf data/e2e/media && npx next build && PORT=3210 exec node --import tsx scripts/with-database.ts --fresh -- node --import tsx server.ts",
      url: APP_URL,
      // Imports and scheduled jobs run in the worker process e2e/global.setup.ts starts, which a spec can restart.
      env: { ...e2eEnv, IMPORT_WORKER: "off" },
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "pipe",
      // Not Playwright's default SIGKILL: the embedded Postgres has a process group of its own, and only a stop
      // through with-database stops it.
      // Longer than the server's own 30 s stop, so that with-database always gets to stop the database.
      gracefulShutdown: { signal: "SIGTERM", timeout: 45_000 },
    },
  ],
});
