-- AlterTable
ALTER TABLE "Show" ADD COLUMN     "isLocked" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "newFeedUrl" TEXT,
ADD COLUMN     "redirectFeed" BOOLEAN NOT NULL DEFAULT false;

