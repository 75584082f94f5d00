// `npm run bench:media`: a 50 MB MP3 served by the app (server.ts, /media/<key>; --next-start for plain
// `next start`) and by nginx from the same file, under the same wrk load: full downloads, `Range: bytes=0-1`
// and a 1 MB range mid-file.
import "./support/allow-server-only";
import { createHash } from "node:crypto";
import { linkSync, mkdirSync } from "node:fs";
import path from "node:path";
import { prepareBenchEnvironment } from "./support/bench-environment";
import { readBenchOptions } from "./support/bench-options";
import { BENCH_DIR } from "./support/bench-paths";
import { ensureCommands } from "./support/ensure-tools";
import { findFreePort } from "./support/free-port";
import { makeMp3 } from "./support/make-mp3";
import { compareWithNginx } from "./support/compare-with-nginx";
import { megabytes, saveResults } from "./support/report";
import { startApp, startNginx, type Server } from "./support/start-servers";

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

const app = await startApp("media", appPort, bench.env, { nextStart: options.isNextStart });
// MEDIA_DIR is <bench dir>/media, so nginx rooted at the bench dir serves the same file at the same path.
const nginx = await startNginx("media", nginxPort, bench.dir, options.nginxWorkers);
const middle = Math.floor(audio.size / 2);
const scenarios: { name: string; headers: Record<string, string>; status: number; length: number }[] = [
  { name: "full 50 MB", headers: {}, status: 200, length: audio.size },
  { name: "Range: bytes=0-1", headers: { Range: "bytes=0-1" }, status: 206, length: 2 },
  { name: "1 MB mid-file range", headers: { Range: `bytes=${middle}-${middle + 1024 * 1024 - 1}` }, status: 206, length: 1024 * 1024 },
];

const servers: [string, Server][] = [
  ["app", app],
  ["nginx", nginx],
];
for (const scenario of scenarios) await checkSameAnswer(scenario);

console.log(`\nMedia: ${megabytes(audio.size)} MB MP3, ${options.connections} connections, ${options.seconds} s per run (wrk), nginx worker_processes ${options.nginxWorkers}, app ${options.isNextStart ? "next start" : "server.ts"}`);
const figures = compareWithNginx(
  scenarios.map((scenario) => ({ name: scenario.name, headers: () => scenario.headers })),
  { app, nginx },
  `/media/${key}`,
  options,
);
saveResults(options.isNextStart ? "media-next-start" : "media", { fileBytes: audio.size, connections: options.connections, seconds: options.seconds, nginxWorkers: options.nginxWorkers, appServer: options.isNextStart ? "next start" : "server.ts", results: figures });
await Promise.all([app.stop(), nginx.stop()]);
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
