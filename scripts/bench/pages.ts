// `npm run bench:pages`: Lighthouse (performance, accessibility, best practices, SEO) for the public show
// page, the public episode page and the signed-in dashboard, against the `.next-bench` build with the sandbox
// as Auphonic. Lighthouse's default mobile profile (simulated slow 4G, 4× CPU slowdown); --desktop for its
// desktop preset. The dashboard gets a next-auth session cookie minted with the app's SESSION_SECRET.
import "./support/allow-server-only";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { encode } from "next-auth/jwt";
import { prepareBenchEnvironment } from "./support/bench-environment";
import { ensureBenchBuild } from "./support/ensure-build";
import { findFreePort } from "./support/free-port";
import { printTable, saveResults, type Row } from "./support/report";
import { startApp, startSandbox } from "./support/start-servers";

const CHROMIUM = "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const { values } = parseArgs({
  options: {
    desktop: { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    "reuse-build": { type: "boolean", default: false },
  },
});
if (!existsSync(CHROMIUM)) throw new Error(`Lighthouse needs Chromium at ${CHROMIUM}: apt-get install -y chromium`);
ensureBenchBuild({ rebuild: values.rebuild, reuse: values["reuse-build"] });

const appPort = await findFreePort(3300);
const sandbox = await startSandbox("pages", await findFreePort(4300));
const bench = await prepareBenchEnvironment("pages", appPort, { AUPHONIC_BASE_URL: sandbox.url });
const tokenResponse = await fetch(`${sandbox.url}/control/api/users/alice/tokens`, { method: "POST" });
const { access_token: auphonicToken } = (await tokenResponse.json()) as { access_token: string };

const { seedUser, seedShow, seedPublishedEpisodes } = await import("./support/seed");
const { env } = await import("@/lib/env.js");
const user = await seedUser({ auphonicToken });
const show = await seedShow(user.id, "pages-bench", "Pages Bench");
const episodes = await seedPublishedEpisodes(show, 12);
for (const episode of episodes) {
  const folder = path.join(bench.mediaDir, "episodes", episode.id, "v1");
  mkdirSync(folder, { recursive: true });
  for (const file of ["episode.mp3", "episode.m4a", "episode.vtt"]) copyFileSync(path.join("sandbox/fixtures", file), path.join(folder, file));
}
const sessionToken = await encode({ token: { sub: user.id, name: user.username }, secret: env.sessionSecret });

const app = await startApp("pages", appPort, bench.env);
const pages = [
  { name: "public show page", url: `${bench.appUrl}/podcasts/${show.slug}` },
  { name: "public episode page", url: `${bench.appUrl}/podcasts/${show.slug}/episodes/${episodes[0]!.id}` },
  { name: "dashboard (signed in)", url: `${bench.appUrl}/dashboard`, cookie: `next-auth.session-token=${sessionToken}` },
];

const rows: Row[] = [];
const figures: Record<string, unknown> = {};
for (const page of pages) {
  console.log(`Lighthouse: ${page.name} (${page.url})`);
  const warm = await fetch(page.url, { headers: page.cookie ? { Cookie: page.cookie } : {}, redirect: "manual" });
  await warm.text();
  if (warm.status !== 200) throw new Error(`${page.name}: ${page.url} answered ${warm.status}`);
  const report = await runLighthouse(page.url, page.cookie);
  if (new URL(report.finalDisplayedUrl).pathname !== new URL(page.url).pathname) {
    throw new Error(`${page.name}: Lighthouse ended on ${report.finalDisplayedUrl} instead (signed out?)`);
  }
  const scores = Object.fromEntries(CATEGORIES.map((category) => [category, Math.round((report.categories[category]?.score ?? 0) * 100)]));
  const metric = (id: string) => report.audits[id]?.displayValue ?? "-";
  rows.push({ page: page.name, ...scores, FCP: metric("first-contentful-paint"), LCP: metric("largest-contentful-paint"), TBT: metric("total-blocking-time"), CLS: metric("cumulative-layout-shift") });
  const failing = Object.values(report.audits).filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary");
  figures[page.name] = { url: page.url, scores, failingAudits: failing.map((audit) => audit.id) };
}
printTable(`Lighthouse 12 (${values.desktop ? "desktop preset" : "mobile, simulated throttling"})`, rows);
for (const [name, figure] of Object.entries(figures)) {
  const failing = (figure as { failingAudits: string[] }).failingAudits;
  if (failing.length > 0) console.log(`  ${name}: failing audits ${failing.join(", ")}`);
}
saveResults("pages", { formFactor: values.desktop ? "desktop" : "mobile", pages: figures, rows });
await Promise.all([app.stop(), sandbox.stop()]);
await bench.stop();

type LighthouseReport = {
  finalDisplayedUrl: string;
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { id: string; score: number | null; scoreDisplayMode: string; displayValue?: string }>;
};

// Run asynchronously: a blocked event loop would let fetch reuse keep-alive sockets the app has since closed.
async function runLighthouse(url: string, cookie?: string): Promise<LighthouseReport> {
  const output = path.join(bench.dir, `lighthouse-${new URL(url).pathname.replaceAll("/", "_")}.json`);
  const args = [
    "node_modules/lighthouse/cli/index.js",
    url,
    "--quiet",
    "--output=json",
    `--output-path=${output}`,
    `--only-categories=${CATEGORIES.join(",")}`,
    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic",
  ];
  if (values.desktop) args.push("--preset=desktop");
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0 || !existsSync(output)) throw new Error(`Lighthouse failed for ${url}:\n${log}`);
  return JSON.parse(readFileSync(output, "utf8")) as LighthouseReport;
}
