// `npm run bench:feed`: the feed of a show with 1,000 published episodes, from the app
// (/podcasts/<slug>/feed.xml), from nginx serving the same document as a static file, and from a bare Node server
// answering it from memory: full feed (plain and gzip) and a conditional request answered 304.
import "./support/allow-server-only";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prepareBenchEnvironment } from "./support/bench-environment";
import { readBenchOptions } from "./support/bench-options";
import { ensureCommands } from "./support/ensure-tools";
import { findFreePort } from "./support/free-port";
import { compareWithNginx } from "./support/compare-with-nginx";
import { fixed, megabytes, saveResults } from "./support/report";
import { startApp, startBareStatic, startNginx, type Server } from "./support/start-servers";
import { BENCH_DIR } from "./support/bench-paths";
import { makeMp3 } from "./support/make-mp3";

const EPISODES = 1000;
const SLUG = "feed-bench";
const FEED_PATH = `/podcasts/${SLUG}/feed.xml`;
const options = readBenchOptions({ seconds: 10, connections: 16 });
ensureCommands({ nginx: "nginx", wrk: "wrk" });
options.build();

const appPort = await findFreePort(3300);
const nginxPort = await findFreePort(8300);
const bench = await prepareBenchEnvironment("feed", appPort);
const { seedUser, seedShow, seedPublishedEpisodes } = await import("./support/seed");
const user = await seedUser();
const show = await seedShow(user.id, SLUG, "Feed Bench");
await seedPublishedEpisodes(show, EPISODES);

const app = await startApp("feed", appPort, { ...bench.env, WEB_PROCESSES: options.webProcesses }, { nextStart: options.isNextStart });
const coldStarted = performance.now();
const first = await fetch(`${app.url}${FEED_PATH}`);
const coldMs = performance.now() - coldStarted;
await first.text();
if (first.status !== 200 || !first.headers.get("content-type")?.includes("xml") || !first.headers.get("etag")) {
  const reason = first.status === 404 && !first.headers.get("content-type")?.includes("json")
    ? `the route ${FEED_PATH} does not exist in this build (Next answered its 404 page)`
    : `${FEED_PATH} answered ${first.status} ${first.headers.get("content-type")} without a usable ETag`;
  console.log(`\nFeed bench skipped: ${reason}.`);
  saveResults("feed", { skipped: reason });
  await app.stop();
  process.exit(0);
}
// The first request also assigns the show's podcast:guid (seeded without one), which changes its ETag.
const current = await fetch(`${app.url}${FEED_PATH}`);
const document = await current.text();
const appEtag = current.headers.get("etag")!;
const items = document.match(/<item>/g)?.length ?? 0;

const nginxRoot = path.join(bench.dir, "static");
mkdirSync(path.join(nginxRoot, "podcasts", SLUG), { recursive: true });
writeFileSync(path.join(nginxRoot, FEED_PATH), document);
const nginx = await startNginx("feed", nginxPort, nginxRoot, options.nginxWorkers);
const nginxEtag = (await fetch(`${nginx.url}${FEED_PATH}`, { method: "HEAD" })).headers.get("etag")!;
// The bare Node server answers the same document from memory (its own file argument is only a placeholder).
const placeholder = makeMp3(path.join(BENCH_DIR, "files", "import-1mb.mp3"), 1024 * 1024);
const bare = await startBareStatic("feed", await findFreePort(appPort + 1), { file: placeholder.file, feed: path.join(nginxRoot, FEED_PATH) });
const bareEtag = (await fetch(`${bare.url}${FEED_PATH}`, { method: "HEAD" })).headers.get("etag")!;

type Scenario = { name: string; headers: (server: string) => Record<string, string>; status: number };
const scenarios: Scenario[] = [
  { name: "full feed", headers: () => ({}), status: 200 },
  { name: "full feed, gzip", headers: () => ({ "Accept-Encoding": "gzip" }), status: 200 },
  { name: "If-None-Match → 304", headers: (server) => ({ "If-None-Match": server === "app" ? appEtag : server === "nginx" ? nginxEtag : bareEtag }), status: 304 },
];
const servers: [string, Server][] = [
  ["nginx", nginx],
  ["bare node", bare],
  ["app", app],
];
for (const scenario of scenarios) {
  for (const [name, server] of servers) {
    const response = await fetch(`${server.url}${FEED_PATH}`, { headers: scenario.headers(name) });
    await response.arrayBuffer();
    if (response.status !== scenario.status) throw new Error(`${name} answered "${scenario.name}" with ${response.status}, expected ${scenario.status}`);
  }
}

console.log(`\nFeed: ${items} items, ${megabytes(Buffer.byteLength(document))} MB; first (uncached) render ${fixed(coldMs, 0)} ms`);
console.log(`${options.connections} connections, ${options.seconds} s per run (wrk), nginx worker_processes ${options.nginxWorkers}, app ${options.isNextStart ? "next start" : `server.ts × ${options.webProcesses} process(es)`}`);
const figures = compareWithNginx(scenarios, Object.fromEntries(servers), FEED_PATH, options);
saveResults(options.isNextStart ? "feed-next-start" : "feed", { items, feedBytes: Buffer.byteLength(document), coldRenderMs: coldMs, connections: options.connections, seconds: options.seconds, nginxWorkers: options.nginxWorkers, appServer: options.isNextStart ? "next start" : "server.ts", webProcesses: Number(options.webProcesses), results: figures });
await Promise.all([app.stop(), nginx.stop(), bare.stop()]);
await bench.stop();
