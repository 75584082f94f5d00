import type { TestProject } from "vitest/node";
import { startS3TestServer } from "./s3-test-server";

declare module "vitest" {
  export interface ProvidedContext {
    testS3: Record<string, string> | null;
  }
}

/**
 * vitest globalSetup: with STORAGE_DRIVER=s3 and no S3_ENDPOINT, the suite runs against a real S3-protocol server
 * (s3rver) started here; apply-test-storage.ts gives its settings to every test file. Otherwise nothing starts.
 */
export default async function setup(project: TestProject) {
  if (process.env.STORAGE_DRIVER !== "s3" || process.env.S3_ENDPOINT) {
    project.provide("testS3", null);
    return;
  }
  const server = await startS3TestServer();
  console.log(`Storage tests run on S3 (s3rver at ${server.endpoint}, bucket ${server.bucket}).`);
  project.provide("testS3", {
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: server.endpoint,
    S3_BUCKET: server.bucket,
    S3_ACCESS_KEY_ID: server.accessKeyId,
    S3_SECRET_ACCESS_KEY: server.secretAccessKey,
    S3_FORCE_PATH_STYLE: "1",
  });
  return server.stop;
}
