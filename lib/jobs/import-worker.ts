import "server-only";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { db } from "@/lib/db";
import { importProduction } from "@/lib/episodes/import-production";
import { env } from "@/lib/env.js";
import { resolveMediaKey } from "@/lib/media/local-storage";
import { PermanentJobError } from "./permanent-job-error";

const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Claims the next due job (or one whose lease ran out: its worker died), runs it and records the outcome.
 * Returns false when there was nothing to do. Exported for tests, which drive the queue step by step.
 */
export async function runNextImportJob(now = new Date()): Promise<boolean> {
  const job = await claimNextJob(now);
  if (!job) return false;
  // A long download keeps its lease: only a worker that stopped renewing it (it died) loses the job.
  const heartbeat = setInterval(() => void renewLease(job), Math.max(1_000, env.importLeaseMs / 3));
  try {
    await importProduction(job);
    await finishJob(job);
  } catch (error) {
    await failJob(job, error);
  } finally {
    clearInterval(heartbeat);
  }
  return true;
}

async function claimNextJob(now: Date) {
  const leaseOwner = randomUUID();
  for (;;) {
    const candidate = await db.importJob.findFirst({
      where: { OR: [{ state: "queued", runAfter: { lte: now } }, { state: "running", leaseUntil: { lt: now } }] },
      orderBy: { runAfter: "asc" },
    });
    if (!candidate) return null;
    const claimed = await db.importJob.updateMany({
      where: { id: candidate.id, state: candidate.state, updatedAt: candidate.updatedAt },
      data: { state: "running", leaseUntil: new Date(now.getTime() + env.importLeaseMs), leaseOwner, attempts: { increment: 1 } },
    });
    if (claimed.count === 1) return { ...candidate, attempts: candidate.attempts + 1, leaseOwner };
  }
}

type Lease = { id: string; leaseOwner: string };

async function renewLease(job: Lease) {
  await db.importJob
    .updateMany({ where: { id: job.id, state: "running", leaseOwner: job.leaseOwner }, data: { leaseUntil: new Date(Date.now() + env.importLeaseMs) } })
    .catch((error: unknown) => console.warn("Import worker: could not renew a lease:", error));
}

// One conditional statement each, so a delivery that asks for a re-run while we finish is never lost: either
// the job is still "running" with rerunRequested set (re-queued here), or it is "done" and the delivery
// re-queues it itself (lib/jobs/enqueue-import.ts).
async function finishJob(job: Lease) {
  const mine = { id: job.id, state: "running", leaseOwner: job.leaseOwner };
  const done = await db.importJob.updateMany({
    where: { ...mine, rerunRequested: false },
    data: { state: "done", leaseUntil: null, leaseOwner: null, lastError: null },
  });
  if (done.count === 1) return;
  await db.importJob.updateMany({
    where: mine,
    data: { state: "queued", rerunRequested: false, attempts: 0, runAfter: new Date(), leaseUntil: null, leaseOwner: null, lastError: null },
  });
}

type ClaimedJob = Lease & { attempts: number; connectionId: string; productionUuid: string; episodeId: string };

async function failJob(job: ClaimedJob, error: unknown) {
  const reason = error instanceof Error ? error.message : String(error);
  const isFinal = error instanceof PermanentJobError || job.attempts >= env.importMaxAttempts;
  if (!(error instanceof PermanentJobError)) console.warn(`Import ${job.productionUuid} attempt ${job.attempts} failed: ${reason}`);
  const delay = Math.min(env.importRetryBaseMs * 2 ** (job.attempts - 1), MAX_BACKOFF_MS);
  if (isFinal) {
    // A delivery that arrived during this run (a re-run in Auphonic, say) gets its run instead of this ending.
    const requeued = await db.importJob.updateMany({
      where: { id: job.id, state: "running", leaseOwner: job.leaseOwner, rerunRequested: true },
      data: { state: "queued", rerunRequested: false, attempts: 0, runAfter: new Date(), leaseUntil: null, leaseOwner: null, lastError: reason },
    });
    if (requeued.count === 1) {
      await db.episode.updateMany({ where: { id: job.episodeId }, data: { importError: `Retrying: ${reason}` } });
      return;
    }
  }
  const audioVersion = await db.$transaction(async (tx) => {
    // A run whose lease another run took over (it went silent too long) records nothing: the job is theirs.
    const recorded = await tx.importJob.updateMany({
      where: { id: job.id, state: "running", leaseOwner: job.leaseOwner },
      data: isFinal
        ? { state: "failed", leaseUntil: null, leaseOwner: null, lastError: reason }
        : { state: "queued", leaseUntil: null, leaseOwner: null, lastError: reason, runAfter: new Date(Date.now() + delay) },
    });
    if (recorded.count === 0) return null;
    const episode = await tx.episode.findUnique({ where: { id: job.episodeId }, select: { importState: true, audioVersion: true } });
    if (!episode) return null;
    if (error instanceof PermanentJobError && error.details.isForeignDelivery) {
      await tx.delivery.create({
        data: { connectionId: job.connectionId, httpStatus: 200, accepted: false, reason, productionUuid: job.productionUuid },
      });
      // A placeholder that never held an import is removed; nothing else is touched.
      if (episode.audioVersion === 0) {
        await tx.importJob.delete({ where: { id: job.id } });
        await tx.episode.delete({ where: { id: job.episodeId } });
        return null;
      }
    }
    await tx.episode.update({
      where: { id: job.episodeId },
      data: isFinal
        ? { importState: "failed", importError: reason }
        : { importState: episode.audioVersion > 0 ? "ready" : "queued", importError: `Retrying: ${reason}` },
    });
    return episode.audioVersion;
  });
  // A final failure leaves nothing half-copied behind: the next version's folder (partial files of a run that
  // was killed, or of this one) goes. The current version, which may be on air, is not touched.
  if (isFinal && audioVersion !== null) {
    await rm(resolveMediaKey(`episodes/${job.episodeId}/v${audioVersion + 1}`), { recursive: true, force: true });
  }
}
