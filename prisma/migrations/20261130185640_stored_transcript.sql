-- AlterTable
ALTER TABLE "Episode" ADD COLUMN     "transcript" TEXT;

