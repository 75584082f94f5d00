import "server-only";
import { db } from "@/lib/db";
import { getStorage } from "@/lib/storage/media-storage";

export type Health = {
  ok: boolean;
  parts: { database: "up" | "down"; jobEngine: "up" | "down"; mediaStorage: "up" | "down"; importWorker: "running" | "off" };
};

/** What GET /api/health reports: 200 only when the database answers; the other parts are named either way. */
export async function checkHealth({ isWorkerRunning }: { isWorkerRunning: boolean }): Promise<Health> {
  const [database, jobEngine, mediaStorage] = await Promise.all([
    db.$queryRaw`SELECT 1`.then(() => "up" as const, () => "down" as const),
    db.$queryRaw`SELECT 1 FROM pgboss.queue LIMIT 1`.then(() => "up" as const, () => "down" as const),
    getStorage()
      .then((storage) => storage.check())
      .then(() => "up" as const, () => "down" as const),
  ]);
  return { ok: database === "up", parts: { database, jobEngine, mediaStorage, importWorker: isWorkerRunning ? "running" : "off" } };
}
