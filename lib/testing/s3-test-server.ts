import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export type S3TestServer = { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; stop: () => Promise<void> };

/**
 * A real S3-protocol server for tests (s3rver: multipart uploads, ranges, listing, deletes, signed requests),
 * on a free local port with one bucket, its data in a temporary folder removed at stop.
 */
export async function startS3TestServer(bucket = "podhaven-test"): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(tmpdir(), "podhaven-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    // s3rver's fixed credentials: it checks signatures made with them.
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
