-- The dashboard shows the creator's Auphonic account (username, credits) from these columns instead of asking
-- Auphonic on every load (lib/users/refresh-auphonic-account.ts writes them: at sign-in and in the background).
ALTER TABLE "User" ADD COLUMN "auphonicCredits" DOUBLE PRECISION;
ALTER TABLE "User" ADD COLUMN "auphonicAccountAsOf" TIMESTAMP(3);
ALTER TABLE "User" ADD COLUMN "auphonicAccountTriedAt" TIMESTAMP(3);
ALTER TABLE "User" ADD COLUMN "auphonicAccountRequestedAt" TIMESTAMP(3);
ALTER TABLE "User" ADD COLUMN "auphonicAccountError" TEXT;
ALTER TABLE "User" ADD COLUMN "auphonicAccountRefused" BOOLEAN NOT NULL DEFAULT false;
