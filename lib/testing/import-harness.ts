// Shared by integration tests that import productions from a real sandbox into a test database. App modules
// are imported lazily, after the test has set its environment (lib/env.js reads it once).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { SignJWT } from "jose";
import { CLIENT_SECRET, control } from "@/sandbox/test/helpers";

export type SandboxProduction = {
  uuid: string;
  change_time: string;
  chapters: { start_output_sec: number; title: string }[];
  output_files: { filename: string; format: string; size: number; checksum: string }[];
};

/** The sandbox's control API (sandbox/test/helpers.ts), failing the test on an error answer. */
export async function controlSandbox<T = unknown>(base: string, pathname: string, body?: unknown): Promise<T> {
  const answer = await control<T>(base, pathname, body);
  if (answer.status >= 400) throw new Error(`control ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Finishes a production in the sandbox for a user's service, without sending the webhook. */
export async function finishProduction(base: string, username: string, displayName: string, extra: object = {}): Promise<SandboxProduction> {
  return (await controlSandbox(base, "/productions", { username, display_name: displayName, deliver: false, ...extra })) as SandboxProduction;
}

/** Delivers the webhook as Auphonic would (HS256 JWT with the client secret) straight to the handler. */
export async function deliverWebhook(webhookSecret: string, uuid: string, customData?: string) {
  const { receiveWebhook, webhookRequestOf } = await import("@/lib/webhooks/receive-webhook");
  const jwt = await new SignJWT(customData === undefined ? { uuid } : { uuid, custom_data: customData })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(CLIENT_SECRET));
  const request = new Request("http://localhost:3999/api/auphonic/webhook/x", {
    method: "POST",
    headers: { "Content-Type": "application/jwt" },
    body: jwt,
  });
  return receiveWebhook(webhookSecret, webhookRequestOf(request));
}

/** Runs the import queue as the worker would (tests set IMPORT_RETRY_BASE_MS=0: retries are due at once); returns the runs. */
export async function drainImportQueue(maxRuns = 20): Promise<number> {
  const { runNextImport } = await import("@/lib/jobs/import-worker");
  let runs = 0;
  while (runs < maxRuns && (await runNextImport())) runs++;
  return runs;
}

export function md5OfFile(file: string): string {
  return createHash("md5").update(readFileSync(file)).digest("hex");
}

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
