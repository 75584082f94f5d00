-- Quotas per creator (lib/quotas/): a per-user storage override, the size of show covers (counted in the owner's
-- storage), an index to sum retired media by show, and the table of rate limits shared by every process.
ALTER TABLE "User" ADD COLUMN "storageQuotaBytes" BIGINT;

ALTER TABLE "Show" ADD COLUMN "coverSize" BIGINT NOT NULL DEFAULT 0;

CREATE INDEX "RetiredMedia_showId_idx" ON "RetiredMedia"("showId");

CREATE TABLE "RateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);
