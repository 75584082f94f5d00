import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { e2eEnv } from "../../playwright.config";

/** Sets a creator's storage quota in the e2e database, as an operator would (scripts/set-storage-quota.ts). */
export async function setStorageQuota(username: string, value: number | "unlimited" | "default"): Promise<void> {
  await promisify(execFile)("npx", ["tsx", "scripts/with-database.ts", "--", "npx", "tsx", "scripts/set-storage-quota.ts", username, String(value)], {
    env: { ...process.env, ...e2eEnv },
  });
}
