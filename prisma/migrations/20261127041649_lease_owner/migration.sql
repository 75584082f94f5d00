-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN "leaseOwner" TEXT;

