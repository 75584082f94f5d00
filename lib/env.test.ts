import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

describe("parseEnv", () => {
  it("runs on embedded defaults: the sandbox, an embedded Postgres under data/, a derived 32-byte key", () => {
    const env = parseEnv({ NODE_ENV: "test" });
    expect(env.auphonicBaseUrl).toBe("http://localhost:4010");
    expect(env.isAuphonicSandbox).toBe(true);
    expect(env.databaseUrl).toBeNull();
    expect(env.embeddedPostgresDir).toMatch(/\/data\/postgres$/);
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db.example:5432/podhaven" }).databaseUrl).toBe("postgresql://u:p@db.example:5432/podhaven");
    expect(env.tokenEncryptionKey).toHaveLength(32);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ APP_URL: "not a url" })).toThrow(/APP_URL/);
    expect(() => parseEnv({ DATABASE_URL: "file:./data/podhaven.db" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ TOKEN_ENCRYPTION_KEY: "short" })).toThrow(/TOKEN_ENCRYPTION_KEY/);
    expect(() => parseEnv({ AUPHONIC_BASE_URL: "ftp://auphonic.com" })).toThrow(/AUPHONIC_BASE_URL/);
  });

  it("reads the quotas: 50 GiB of storage and 30 move-in previews an hour by default, 0 for unlimited storage, nothing negative", () => {
    expect(parseEnv({})).toMatchObject({ storageQuotaBytes: 50 * 1024 ** 3, moveInPreviewsPerHour: 30 });
    expect(parseEnv({ STORAGE_QUOTA_BYTES: "0", MOVE_IN_PREVIEWS_PER_HOUR: "5" })).toMatchObject({ storageQuotaBytes: 0, moveInPreviewsPerHour: 5 });
    expect(() => parseEnv({ STORAGE_QUOTA_BYTES: "-1" })).toThrow(/STORAGE_QUOTA_BYTES/);
    expect(() => parseEnv({ MOVE_IN_PREVIEWS_PER_HOUR: "0" })).toThrow(/MOVE_IN_PREVIEWS_PER_HOUR/);
  });

  it("refuses development secrets on a public APP_URL", () => {
    expect(() => parseEnv({ APP_URL: "https://podhaven.example" })).toThrow(/SESSION_SECRET and TOKEN_ENCRYPTION_KEY/);
    const env = parseEnv({
      APP_URL: "https://podhaven.example/",
      AUPHONIC_BASE_URL: "https://auphonic.com",
      SESSION_SECRET: "s".repeat(32),
      TOKEN_ENCRYPTION_KEY: "ab".repeat(32),
    });
    expect(env.appUrl).toBe("https://podhaven.example");
    expect(env.isAuphonicSandbox).toBe(false);
    // The sandbox is started only for its own (loopback) address, not for any URL that is not auphonic.com.
    expect(parseEnv({ AUPHONIC_BASE_URL: "https://staging.auphonic.example" }).isAuphonicSandbox).toBe(false);
    expect(parseEnv({ AUPHONIC_BASE_URL: "http://127.0.0.1:4210" }).isAuphonicSandbox).toBe(true);
    expect(env.tokenEncryptionKey.toString("hex")).toBe("ab".repeat(32));
  });

  it("cannot ship unsafe: no sandbox secret with the real Auphonic in production, public secrets only on loopback", () => {
    expect(() => parseEnv({ NODE_ENV: "production", AUPHONIC_BASE_URL: "https://auphonic.com" })).toThrow(/AUPHONIC_CLIENT_SECRET: the sandbox's public secret/);
    expect(parseEnv({ NODE_ENV: "production", AUPHONIC_BASE_URL: "https://auphonic.com", AUPHONIC_CLIENT_SECRET: "a-real-secret-of-the-app" }).auphonicBaseUrl).toBe("https://auphonic.com");
    expect(parseEnv({ NODE_ENV: "production", AUPHONIC_BASE_URL: "http://127.0.0.1:4210" }).isAuphonicSandbox).toBe(true);
    // The development secrets are public: with them the server listens on loopback only.
    expect(parseEnv({}).listenHost).toBe("127.0.0.1");
    expect(() => parseEnv({ LISTEN_HOST: "0.0.0.0" })).toThrow(/LISTEN_HOST: 0\.0\.0\.0 is not a loopback address/);
    const secrets = { SESSION_SECRET: "s".repeat(32), TOKEN_ENCRYPTION_KEY: "ab".repeat(32) };
    expect(parseEnv(secrets).listenHost).toBeUndefined();
    expect(parseEnv({ ...secrets, LISTEN_HOST: "0.0.0.0" }).listenHost).toBe("0.0.0.0");
  });

  it("bounds FETCH_DEADLINE_MS to what the job engine can wait for", () => {
    expect(parseEnv({ FETCH_DEADLINE_MS: String(5 * 3600_000) }).fetchDeadlineMs).toBe(5 * 3600_000);
    expect(() => parseEnv({ FETCH_DEADLINE_MS: String(6 * 3600_000) })).toThrow(/FETCH_DEADLINE_MS: must be at most 18000000/);
  });

  it("accepts ALLOW_LOCAL_FETCH=1 only when the app and Auphonic are both on loopback", () => {
    expect(parseEnv({ ALLOW_LOCAL_FETCH: "1", APP_URL: "http://localhost:3210", AUPHONIC_BASE_URL: "http://127.0.0.1:4210" }).allowLocalFetch).toBe(true);
    const secrets = { SESSION_SECRET: "s".repeat(32), TOKEN_ENCRYPTION_KEY: "ab".repeat(32) };
    expect(() => parseEnv({ ...secrets, ALLOW_LOCAL_FETCH: "1", APP_URL: "https://podhaven.example" })).toThrow(/ALLOW_LOCAL_FETCH: 1 .* only accepted when APP_URL and AUPHONIC_BASE_URL are both loopback/);
    expect(() => parseEnv({ ALLOW_LOCAL_FETCH: "1", AUPHONIC_BASE_URL: "https://auphonic.com" })).toThrow(/ALLOW_LOCAL_FETCH/);
    expect(parseEnv({ ...secrets, APP_URL: "https://podhaven.example" }).allowLocalFetch).toBe(false);
  });

  it("replaces a blocked web process after 10 s unless told otherwise; the test hook that blocks one only on loopback", () => {
    expect(parseEnv({})).toMatchObject({ webProcessWatchdogMs: 10_000, isBlockOnSigusr2Enabled: false });
    expect(parseEnv({ WEB_PROCESS_WATCHDOG_MS: "3000", TEST_BLOCK_ON_SIGUSR2: "1" })).toMatchObject({ webProcessWatchdogMs: 3_000, isBlockOnSigusr2Enabled: true });
    expect(() => parseEnv({ WEB_PROCESS_WATCHDOG_MS: "10" })).toThrow(/WEB_PROCESS_WATCHDOG_MS/);
    const secrets = { SESSION_SECRET: "s".repeat(32), TOKEN_ENCRYPTION_KEY: "ab".repeat(32), AUPHONIC_BASE_URL: "https://auphonic.com" };
    expect(() => parseEnv({ ...secrets, APP_URL: "https://podhaven.example", TEST_BLOCK_ON_SIGUSR2: "1" })).toThrow(/TEST_BLOCK_ON_SIGUSR2/);
  });
});
