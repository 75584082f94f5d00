// `npm run bench:media`: a 50 MB MP3 served by nginx from the file, by a bare Node server from memory (the
// JavaScript ceiling) and by the app (server.ts, /media/<key>; --next-start for plain `next start`), under the same
// wrk load: full downloads, `Range: bytes=0-1` and a 1 MB range mid-file. Then the app on S3 storage with a public
// base URL, whose answer is a 302 to the bucket, against nginx's `bytes=0-1`. Each app runs twice side by side, with
// download analytics recording every request and with it off (DOWNLOAD_ANALYTICS=off), to show what recording costs.
import "./support/allow-server-only";
import { createHash } from "node:crypto";
import { createReadStream, linkSync, mkdirSync } from "node:fs";
import path from "node:path";
import { prepareBenchEnvironment } from "./support/bench-environment";
import { readBenchOptions } from "./support/bench-options";
import { BENCH_DIR } from "./support/bench-paths";
import { ensureCommands } from "./support/ensure-tools";
import { findFreePort } from "./support/free-port";
import { makeMp3 } from "./support/make-mp3";
import { compareWithNginx } from "./support/compare-with-nginx";
import { megabytes, saveResults } from "./support/report";
import { startApp, startBareStatic, startNginx, type Server } from "./support/start-servers";
import { startProcess, waitForHttp } from "./support/processes";

const FILE_BYTES = 50 * 1024 * 1024;
const options = readBenchOptions({ seconds: 10, connections: 16 });
ensureCommands({ nginx: "nginx", wrk: "wrk" });
options.build();

const appPort = await findFreePort(3300);
const nginxPort = await findFreePort(8300);
const bench = await prepareBenchEnvironment("media", appPort);
const audio = makeMp3(path.join(BENCH_DIR, "files", "media-50mb.mp3"), FILE_BYTES);

const { seedUser, seedShow, seedPublishedEpisodes } = await import("./support/seed");
const user = await seedUser();
const show = await seedShow(user.id, "media-bench", "Media Bench");
const [episode] = await seedPublishedEpisodes(show, 1, { audioFilename: "bench.mp3", audioSize: audio.size });
const key = `episodes/${episode!.id}/v1/bench.mp3`;
mkdirSync(path.dirname(path.join(bench.mediaDir, key)), { recursive: true });
linkSync(audio.file, path.join(bench.mediaDir, key));

// Both apps behind "one proxy" (TRUST_PROXY=1), as with a CDN: the last scenario gives each request its own address.
const appEnv = { ...bench.env, WEB_PROCESSES: options.webProcesses, TRUST_PROXY: "1" };
const app = await startApp("media", appPort, appEnv, { nextStart: options.isNextStart });
const appUnrecorded = await startApp("media-unrecorded", await findFreePort(appPort + 3), { ...appEnv, DOWNLOAD_ANALYTICS: "off" }, { nextStart: options.isNextStart });
const bare = await startBareStatic("media", await findFreePort(appPort + 1), { file: audio.file });
// MEDIA_DIR is <bench dir>/media, so nginx rooted at the bench dir serves the same file at the same path.
const nginx = await startNginx("media", nginxPort, bench.dir, options.nginxWorkers);
const middle = Math.floor(audio.size / 2);
const scenarios: { name: string; headers: Record<string, string>; status: number; length: number }[] = [
  { name: "full 50 MB", headers: {}, status: 200, length: audio.size },
  { name: "Range: bytes=0-1", headers: { Range: "bytes=0-1" }, status: 206, length: 2 },
  { name: "1 MB mid-file range", headers: { Range: `bytes=${middle}-${middle + 1024 * 1024 - 1}` }, status: 206, length: 1024 * 1024 },
];

const servers: [string, Server][] = [
  ["nginx", nginx],
  ["bare node", bare],
  ["app", app],
  ["app, no analytics", appUnrecorded],
];
for (const scenario of scenarios) await checkSameAnswer(scenario);

console.log(`\nMedia: ${megabytes(audio.size)} MB MP3, ${options.connections} connections, ${options.seconds} s per run (wrk), nginx worker_processes ${options.nginxWorkers}, app ${options.isNextStart ? "next start" : `server.ts × ${options.webProcesses} process(es)`}`);
const figures = compareWithNginx(
  [
    ...scenarios.map((scenario) => ({ name: scenario.name, headers: () => scenario.headers })),
    // The recording's worst case: no two requests from one listener, so none are merged (one database row each).
    { name: "Range: bytes=0-1, a new listener each", headers: () => ({ Range: "bytes=0-1" }), isNewClientEachRequest: true },
  ],
  Object.fromEntries(servers),
  `/media/${key}`,
  options,
);
await Promise.all([app.stop(), appUnrecorded.stop(), bare.stop()]);
const { db } = await import("@/lib/db");
const recorded = await db.downloadEvent.aggregate({ _count: true, _sum: { requests: true } });
printRecordingCost(figures, "app", "app, no analytics");
console.log(`The recording app wrote ${recorded._count} rows for ${recorded._sum.requests ?? 0} requests (a listener's requests within a second are one row).`);

// S3 with a public base URL: the enclosure on our domain answers 302 to the bucket (where downloads will be counted).
// In a process of its own: wrk runs through spawnSync, which would freeze an S3 server living in this one.
const s3Port = await findFreePort(4569);
const s3 = { endpoint: `http://127.0.0.1:${s3Port}`, bucket: "bench", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const s3Server = startProcess("media-s3", process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/s3-local-server.ts", "--fresh", "--port", String(s3Port), "--bucket", s3.bucket, "--dir", path.join(bench.dir, "s3")], process.env);
await waitForHttp(`${s3.endpoint}/${s3.bucket}`, s3Server);
const s3Env = {
  ...bench.env,
  STORAGE_DRIVER: "s3",
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: s3.bucket,
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  S3_FORCE_PATH_STYLE: "1",
  MEDIA_PUBLIC_BASE_URL: `${s3.endpoint}/${s3.bucket}`,
};
// This process read its configuration (local storage) already: the bucket is written through an adapter of its own.
const { MediaStorage } = await import("@/lib/storage/media-storage");
const { S3Adapter } = await import("@/lib/storage/s3-adapter");
const bucket = new MediaStorage(new S3Adapter({ endpoint: s3.endpoint, region: "us-east-1", bucket: s3.bucket, credentials: s3, forcePathStyle: true }), null);
await bucket.put(key, createReadStream(audio.file), { contentType: "audio/mpeg", maxBytes: FILE_BYTES * 2 });
const appS3 = await startApp("media-s3", await findFreePort(appPort + 2), { ...s3Env, WEB_PROCESSES: options.webProcesses }, { nextStart: options.isNextStart });
const appS3Unrecorded = await startApp("media-s3-unrecorded", await findFreePort(appPort + 4), { ...s3Env, WEB_PROCESSES: options.webProcesses, DOWNLOAD_ANALYTICS: "off" }, { nextStart: options.isNextStart });
const redirect = await fetch(`${appS3.url}/media/${key}`, { headers: { Range: "bytes=0-1" }, redirect: "manual" });
if (redirect.status !== 302 || redirect.headers.get("location") !== `${s3.endpoint}/${s3.bucket}/${key}`) {
  throw new Error(`The app on S3 answered ${redirect.status} ${redirect.headers.get("location")}, expected a 302 to the bucket`);
}
console.log("\nThe app on S3 storage (MEDIA_PUBLIC_BASE_URL set): its answer is a 302 to the bucket; nginx's the two bytes.");
const redirectFigures = compareWithNginx(
  [{ name: "Range: bytes=0-1 (app: 302)", headers: () => ({ Range: "bytes=0-1" }) }],
  { nginx, "app on S3": appS3, "app on S3, no analytics": appS3Unrecorded },
  `/media/${key}`,
  options,
);
printRecordingCost(redirectFigures, "app on S3", "app on S3, no analytics");
saveResults(options.isNextStart ? "media-next-start" : "media", {
  fileBytes: audio.size,
  connections: options.connections,
  seconds: options.seconds,
  nginxWorkers: options.nginxWorkers,
  appServer: options.isNextStart ? "next start" : "server.ts", webProcesses: Number(options.webProcesses),
  results: { ...figures, ...redirectFigures },
  downloadEventRows: recorded._count,
  downloadEventRequests: recorded._sum.requests ?? 0,
});
await Promise.all([appS3.stop(), appS3Unrecorded.stop(), nginx.stop(), s3Server.stop()]);
await bench.stop();

/** Both servers must give the same answer before their speeds are compared. */
async function checkSameAnswer(scenario: (typeof scenarios)[number]) {
  const digests: string[] = [];
  for (const [name, server] of servers) {
    const response = await fetch(`${server.url}/media/${key}`, { headers: scenario.headers });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== scenario.status || body.length !== scenario.length) {
      throw new Error(`${name} answered ${scenario.name} with ${response.status} and ${body.length} bytes, expected ${scenario.status} and ${scenario.length}`);
    }
    digests.push(createHash("md5").update(body).digest("hex"));
  }
  if (new Set(digests).size !== 1) throw new Error(`app and nginx sent different bytes for ${scenario.name}`);
}

/** Requests per second with recording on, as a ratio of the same app with it off, per scenario. */
function printRecordingCost(results: Record<string, Record<string, { requestsPerSec: number }>>, recording: string, unrecorded: string) {
  console.log("\nThe cost of recording downloads (req/s with recording ÷ req/s without, same run):");
  for (const [scenario, byServer] of Object.entries(results)) {
    const on = byServer[recording]?.requestsPerSec ?? 0;
    const off = byServer[unrecorded]?.requestsPerSec ?? 0;
    console.log(`  ${scenario}: ${off > 0 ? (on / off).toFixed(2) : "n/a"}× (${on.toFixed(0)} vs ${off.toFixed(0)} req/s)`);
  }
}
