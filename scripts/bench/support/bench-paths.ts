import path from "node:path";

/** Everything a bench writes lives here (git-ignored with data/): databases, media, logs, results. */
export const BENCH_DIR = path.resolve("data/bench");
export const LOG_DIR = path.join(BENCH_DIR, "logs");
export const RESULTS_DIR = path.join(BENCH_DIR, "results");
/** The production build the benches run; never the tests' `.next`. */
export const BENCH_DIST_DIR = ".next-bench";
