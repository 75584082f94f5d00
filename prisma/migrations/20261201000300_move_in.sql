-- Written by hand: moving a show in from another host (lib/move-in/). Moved-in episodes have no Auphonic production.
-- AlterTable
ALTER TABLE "Episode" ALTER COLUMN "productionUuid" DROP NOT NULL,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'auphonic';

-- CreateTable
CREATE TABLE "MoveIn" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "showId" TEXT,
    "sourceUrl" TEXT,
    "state" TEXT NOT NULL DEFAULT 'preview',
    "plan" TEXT NOT NULL,
    "showProblems" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MoveIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MoveInItem" (
    "id" TEXT NOT NULL,
    "moveInId" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MoveInItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MoveIn_userId_idx" ON "MoveIn"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "MoveInItem_episodeId_key" ON "MoveInItem"("episodeId");

-- CreateIndex
CREATE INDEX "MoveInItem_moveInId_position_idx" ON "MoveInItem"("moveInId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "MoveInItem_moveInId_guid_key" ON "MoveInItem"("moveInId", "guid");

-- AddForeignKey
ALTER TABLE "MoveIn" ADD CONSTRAINT "MoveIn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MoveIn" ADD CONSTRAINT "MoveIn_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MoveInItem" ADD CONSTRAINT "MoveInItem_moveInId_fkey" FOREIGN KEY ("moveInId") REFERENCES "MoveIn"("id") ON DELETE CASCADE ON UPDATE CASCADE;
