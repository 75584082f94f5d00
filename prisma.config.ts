import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaConfig } from "prisma";
import { env } from "./lib/env.js";

// The CLI is used for `prisma generate` and `prisma migrate diff` only; migrations are applied by
// lib/database/migrate-database.ts (docs/operations.md says why).
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => new PrismaPg({ connectionString: env.databaseUrl ?? "postgresql://localhost/podhaven" }),
} satisfies PrismaConfig;
