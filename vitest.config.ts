import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside React Server Components; unit tests run server code directly.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "sandbox/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    globalSetup: ["lib/testing/test-database-setup.ts", "lib/testing/test-storage-setup.ts"],
    // STORAGE_DRIVER=s3 npm run test:unit runs the suite on S3 (lib/testing/test-storage-setup.ts).
    setupFiles: ["lib/testing/apply-test-storage.ts"],
    // The sandbox the tests import from listens on loopback.
    env: { ALLOW_LOCAL_FETCH: "1" },
    testTimeout: 20_000,
    fileParallelism: false,
  },
});
