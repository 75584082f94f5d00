-- AlterTable
ALTER TABLE "User" ADD COLUMN     "timeZone" TEXT;

-- AlterTable
ALTER TABLE "Episode" ADD COLUMN     "scheduledAt" TIMESTAMP(3);

-- Written by hand: the worker's start-up check finds drafts waiting for their release without a scan.
CREATE INDEX "Episode_scheduledAt_idx" ON "Episode"("scheduledAt") WHERE "scheduledAt" IS NOT NULL;
