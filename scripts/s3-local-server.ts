// A local S3-protocol server (s3rver) for the S3 pass of the e2e suite, and for trying STORAGE_DRIVER=s3 by hand:
//   npx tsx scripts/s3-local-server.ts [--port 4569] [--bucket podhaven] [--dir ./data/s3]
// Objects are readable without signing at http://127.0.0.1:<port>/<bucket>/<key>: use that as MEDIA_PUBLIC_BASE_URL.
// Not for production: point S3_* at a real store (AWS S3, R2, MinIO…), docs/operations.md.
import { mkdirSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import S3rver from "s3rver";

const { values } = parseArgs({
  options: { port: { type: "string", default: "4569" }, bucket: { type: "string", default: "podhaven" }, dir: { type: "string", default: "./data/s3" }, fresh: { type: "boolean", default: false } },
});
if (values.fresh) rmSync(values.dir, { recursive: true, force: true });
mkdirSync(values.dir, { recursive: true });
const server = new S3rver({ address: "127.0.0.1", port: Number(values.port), silent: true, directory: values.dir, configureBuckets: [{ name: values.bucket, configs: [] }] });
const address = (await server.run()) as AddressInfo;
console.log(`S3 (s3rver) at http://127.0.0.1:${address.port}, bucket ${values.bucket}, data in ${values.dir}; credentials S3RVER / S3RVER`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void server.close().then(() => process.exit(0)));
