-- AlterTable
ALTER TABLE "Episode" ADD COLUMN "importErrorKind" TEXT;

-- Written by hand: failures recorded before this column existed are taken as retryable, except Auphonic's own.
UPDATE "Episode" SET "importErrorKind" = CASE WHEN "importError" LIKE 'Auphonic reports that the production failed%' THEN 'auphonic' ELSE 'podhaven' END
WHERE "importState" = 'failed';

-- CreateIndex
CREATE INDEX "Episode_userId_importState_updatedAt_idx" ON "Episode"("userId", "importState", "updatedAt");
